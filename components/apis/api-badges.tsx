import { Badge } from "@/components/ui/badge";
import type { DataClassification, Exposure, Lifecycle } from "@/lib/generated/prisma/enums";
import { CLASSIFICATION, EXPOSURE, LIFECYCLE } from "./labels";

export function ExposureBadge({ value }: { value: Exposure }) {
  return <Badge tone={EXPOSURE[value].tone}>{EXPOSURE[value].label}</Badge>;
}

export function LifecycleBadge({ value }: { value: Lifecycle }) {
  return <Badge tone={LIFECYCLE[value].tone}>{LIFECYCLE[value].label}</Badge>;
}

export function ClassificationBadge({ value }: { value: DataClassification }) {
  return <Badge tone={CLASSIFICATION[value].tone}>{CLASSIFICATION[value].label}</Badge>;
}
