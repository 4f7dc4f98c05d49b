import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import "./globals.css";
import { SiteHeader } from "@/components/site-header";
import { themeBootScript } from "@/components/theme-toggle";

export const metadata: Metadata = {
  title: "Kubecost Federation Console",
  description: "Set up and watch multi-cluster Kubecost federation: Thanos, Federated ETL, AMP.",
  // public/favicon.svg; the base path is baked in at build time (next.config.mjs).
  icons: { icon: `${process.env.NEXT_PUBLIC_BASE_PATH ?? ""}/favicon.svg` },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // proxy.ts puts a fresh CSP nonce on every page request; reading it renders pages per request.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeBootScript }} />
      </head>
      <body className="min-h-screen font-sans">
        <SiteHeader />
        <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
