/** @type {import('next').NextConfig} */
const nextConfig = {
  // dockerode pulls in ssh2's native addon, which Next's bundler cannot pack: load these from node_modules at run time.
  serverExternalPackages: ["dockerode", "docker-modem", "ssh2", "better-sqlite3", "prom-client"],
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
