import type { Metadata } from "next";
import { MyWork } from "@/components/mitigations/my-work";

export const metadata: Metadata = { title: "My work" };

export default function MyWorkPage() {
  return <MyWork />;
}
