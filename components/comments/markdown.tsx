import ReactMarkdown, { defaultUrlTransform, type Components } from "react-markdown";

// Comments are Markdown written by users of many organisations' security teams: render it with
// raw HTML dropped (skipHtml) and every URL through one gate. Only http(s) and mailto links
// survive; mentions (@[Name](mention:id)) become plain names.

const SAFE_URL = /^(https?:|mailto:)/i;

export function safeUrl(url: string): string {
  if (url.startsWith("mention:")) return url;
  const transformed = defaultUrlTransform(url);
  return SAFE_URL.test(transformed) ? transformed : "";
}

const components: Components = {
  a({ href, children }) {
    if (href?.startsWith("mention:")) {
      return <span className="rounded bg-brand-50 px-1 font-medium text-brand-900">{children}</span>;
    }
    if (!href) return <span>{children}</span>;
    return (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow ugc" className="text-brand-700 underline">
        {children}
      </a>
    );
  },
  // Images could be tracking pixels or huge; show their text instead.
  img({ alt }) {
    return <span>{alt ? `[image: ${alt}]` : "[image]"}</span>;
  },
};

type TMdNode = { type: string; value?: string; url?: string; children?: TMdNode[] };

/**
 * A mention is "@" followed by a mention: link. Moves the "@" into the link text so the name
 * renders as one chip, and turns any other mention: link (no "@") into plain text, so a
 * comment cannot dress up arbitrary text as a mention. Works on the syntax tree, so code
 * spans and blocks keep the token exactly as written.
 */
function remarkMentions() {
  const walk = (node: TMdNode) => {
    const children = node.children;
    if (!children) return;
    for (let index = 0; index < children.length; index++) {
      const child = children[index]!;
      if (child.type === "link" && child.url?.startsWith("mention:")) {
        const before = children[index - 1];
        if (before?.type === "text" && before.value?.endsWith("@")) {
          before.value = before.value.slice(0, -1);
          child.children = [{ type: "text", value: "@" }, ...(child.children ?? [])];
        } else {
          children.splice(index, 1, ...(child.children ?? []));
          index--;
          continue;
        }
      }
      walk(child);
    }
  };
  return (tree: TMdNode) => walk(tree);
}

export function Markdown({ children }: { children: string }) {
  return (
    <div className="prose-comment space-y-2 break-words text-sm text-slate-800 [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5">
      <ReactMarkdown skipHtml urlTransform={safeUrl} components={components} remarkPlugins={[remarkMentions]}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
