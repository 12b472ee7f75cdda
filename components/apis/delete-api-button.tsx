"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useDeleteApi } from "@/lib/query/apis";

export function DeleteApiButton({ id, name }: { id: string; name: string }) {
  const org = useOrg();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const remove = useDeleteApi(org.slug);
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <Dialog
        open={open}
        onClose={() => {
          setOpen(false);
          remove.reset();
        }}
        title={`Delete ${name}?`}
        description="This removes the API and its environments from the inventory. The audit log keeps a record that it existed. This cannot be undone."
        footer={
          <>
            <Button variant="secondary" onClick={() => setOpen(false)} autoFocus>
              Keep it
            </Button>
            <Button
              variant="danger"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(id, {
                  onSuccess: () => {
                    setOpen(false);
                    router.push(`/${org.slug}/apis`);
                    router.refresh();
                  },
                })
              }
            >
              Delete API
            </Button>
          </>
        }
      >
        {remove.isError && <Alert tone="error">{remove.error.message}</Alert>}
      </Dialog>
    </>
  );
}
