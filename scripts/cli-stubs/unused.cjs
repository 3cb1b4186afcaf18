// Stands in, in the CLI bundle only, for dockerode's dependencies that the CLI never uses: @grpc/* and protobufjs (BuildKit
// image builds); ssh2 is loaded lazily instead (lazy-ssh2.cjs). Loading them is most of dockerode's
// start-up cost; anything that does touch them fails loudly instead of silently.
const refuse = () => {
  throw new Error("not available in the cascade CLI bundle (image builds are not used)");
};
module.exports = new Proxy({}, { get: (_target, key) => (key === "__esModule" ? false : refuse) });
