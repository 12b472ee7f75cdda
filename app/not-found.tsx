import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-lg flex-col items-center justify-center gap-4 px-4 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="text-2xl font-semibold text-slate-900">Not found</h1>
      <p className="text-slate-600">There is nothing here, or you do not have access to it.</p>
      <Link href="/" className={buttonClasses("secondary")}>
        Back to Bulwark
      </Link>
    </main>
  );
}
