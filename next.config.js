/** @type {import('next').NextConfig} */
const nextConfig = {
  // A self-contained server (.next/standalone) with only the node_modules it needs: what the image ships.
  output: "standalone",
  // sharp is for next/image, which the board does not use: 19 MB the image need not carry.
  outputFileTracingExcludes: { "*": ["node_modules/sharp/**", "node_modules/@img/**"] },
  // dockerode pulls in ssh2's native addon, which Next's bundler cannot pack: load these from node_modules at run time.
  serverExternalPackages: ["dockerode", "docker-modem", "ssh2", "better-sqlite3", "prom-client"],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    // A shared snapshot link must never end up in a search engine: its pages and its API say so on every answer.
    const noindex = [{ key: "X-Robots-Tag", value: "noindex, nofollow" }];
    return [
      {
        source: "/:path*",
        // The board has buttons that restart containers: no other site may frame it (clickjacking).
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "no-referrer" },
        ],
      },
      { source: "/s/:path*", headers: noindex },
      { source: "/api/snapshots", headers: noindex },
      { source: "/api/snapshots/:path*", headers: noindex },
    ];
  },
};

module.exports = nextConfig;
