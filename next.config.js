/** @type {import('next').NextConfig} */
const nextConfig = {
  // dockerode pulls in ssh2's native addon, which Next's bundler cannot pack: load these from node_modules at run time.
  serverExternalPackages: ["dockerode", "docker-modem", "ssh2", "better-sqlite3", "prom-client"],
  poweredByHeader: false,
  reactStrictMode: true,
  // The board has buttons that restart containers: no other site may frame it (clickjacking).
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "no-referrer" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
