import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { APP_ICON_180, statusIconHref } from "@/components/status-style";
import "./globals.css";

// Static assets live in public/: the status favicons, the web app manifest (pin the board on a wall screen or a
// phone's home screen) and robots.txt (nothing here is for search engines).
export const metadata: Metadata = {
  title: "Cascade",
  description: "Incident board for Docker, Prometheus and Grafana stacks",
  manifest: "/manifest.webmanifest",
  icons: { icon: statusIconHref(null), apple: APP_ICON_180 },
  appleWebApp: { capable: true, title: "Cascade", statusBarStyle: "black-translucent" },
};

export const viewport: Viewport = { themeColor: "#0f172a", width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
