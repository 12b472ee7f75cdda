import type { Metadata } from "next";
import { Suspense } from "react";
import { ApiInventory } from "@/components/apis/api-inventory";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "API inventory" };

export default function ApisPage() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading APIs" />}>
      <ApiInventory />
    </Suspense>
  );
}
