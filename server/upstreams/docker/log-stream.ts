// Docker multiplexes stdout and stderr of a container without a TTY into frames: 1 byte stream type, 3 zero bytes,
// a 4-byte big-endian length, then the payload. A TTY container's log is raw text. Pure, so it is unit tested.
// https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Container/operation/ContainerAttach

const HEADER_BYTES = 8;

function looksMultiplexed(buffer: Buffer): boolean {
  const type = buffer[0];
  return buffer.length >= HEADER_BYTES && (type === 0 || type === 1 || type === 2) && buffer[1] === 0 && buffer[2] === 0 && buffer[3] === 0;
}

export function demultiplexLog(buffer: Buffer): string {
  if (!looksMultiplexed(buffer)) return buffer.toString("utf8");
  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset + HEADER_BYTES <= buffer.length) {
    const length = buffer.readUInt32BE(offset + 4);
    const start = offset + HEADER_BYTES;
    chunks.push(buffer.subarray(start, Math.min(start + length, buffer.length)));
    offset = start + length;
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The last `count` non-empty lines, oldest first, each cut to `maxChars` so one huge line cannot fill the board. */
export function tailLines(text: string, count: number, maxChars = 500): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .slice(-count)
    .map((line) => (line.length > maxChars ? `${line.slice(0, maxChars)}…` : line));
}
