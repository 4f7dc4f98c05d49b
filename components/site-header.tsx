import Link from "next/link";
import { ThemeToggle } from "./theme-toggle";

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 dark:border-slate-800">
      <nav aria-label="Main" className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-3">
        <Link href="/" className="font-semibold">
          Federation Console
        </Link>
        <Link href="/setup" className="text-sm text-slate-700 hover:underline dark:text-slate-300">
          Setup wizard
        </Link>
        <Link href="/status" className="text-sm text-slate-700 hover:underline dark:text-slate-300">
          Status
        </Link>
        <Link href="/upgrade" className="text-sm text-slate-700 hover:underline dark:text-slate-300">
          Upgrade
        </Link>
        <Link href="/doctor" className="text-sm text-slate-700 hover:underline dark:text-slate-300">
          Config doctor
        </Link>
        <span className="ml-auto">
          <ThemeToggle />
        </span>
      </nav>
    </header>
  );
}
