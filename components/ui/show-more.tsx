import { Button } from "./button";

type TPagedQuery = { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };

/** The "Show more (n of total)" footer of an infinite list; nothing once every page is loaded. */
export function ShowMore({ query, shown, total }: { query: TPagedQuery; shown: number; total: number }) {
  if (!query.hasNextPage) return null;
  return (
    <div className="flex justify-center border-t border-slate-200 p-3">
      <Button variant="secondary" size="sm" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
        Show more ({shown} of {total})
      </Button>
    </div>
  );
}
