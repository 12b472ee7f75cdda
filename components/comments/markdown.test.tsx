import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown, safeUrl } from "./markdown";

// Comments are written by users and read by other users (and admins): the renderer must never
// produce markup that runs script, whatever the Markdown or raw HTML says.

const render = (markdown: string) => renderToStaticMarkup(<Markdown>{markdown}</Markdown>);

/** Every start tag of the output: React escapes < and > in text and attribute values, so this finds real tags only. */
function tagsOf(html: string): { name: string; attributes: { name: string; value: string }[] }[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g)].map((match) => ({
    name: match[1]!.toLowerCase(),
    attributes: [...match[2]!.matchAll(/\s+([^\s=>]+)(?:="([^"]*)")?/g)].map((attribute) => ({ name: attribute[1]!.toLowerCase(), value: attribute[2] ?? "" })),
  }));
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", colon: ":", tab: "\t", newline: "\n", nbsp: "\u00a0", sol: "/", lpar: "(", rpar: ")" };

/** HTML-entity decoding, applied until nothing changes (so &amp;#106; becomes j too). */
function decodeEntities(value: string): string {
  let current = value;
  for (;;) {
    const next = current
      .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
      .replace(/&#([0-9]+);?/g, (_, dec: string) => String.fromCodePoint(parseInt(dec, 10)))
      .replace(/&([a-z]+);/gi, (whole, name: string) => NAMED[name.toLowerCase()] ?? whole);
    if (next === current) return current;
    current = next;
  }
}

const DANGEROUS_SCHEME = /^(javascript|vbscript|data):/;
const URL_ATTRIBUTES = new Set(["href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data", "background", "cite", "srcdoc"]);
const FORBIDDEN_TAGS = ["<script", "<iframe", "<svg", "<object", "<embed", "<style", "<form", "<img", "<math", "<base", "<meta", "<link", "<input", "<button", "<details", "<frame", "<textarea"];
// Everything the renderer may legitimately produce from Markdown.
const ALLOWED_TAGS = new Set(["div", "p", "strong", "em", "code", "pre", "a", "span", "ul", "ol", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br"]);

/** The problems in one rendered comment; [] when it is safe. */
function problemsOf(html: string): string[] {
  const problems: string[] = [];
  const lower = html.toLowerCase();
  for (const tag of FORBIDDEN_TAGS) if (lower.includes(tag)) problems.push(`contains ${tag}`);
  for (const tag of tagsOf(html)) {
    if (!ALLOWED_TAGS.has(tag.name)) problems.push(`unexpected <${tag.name}>`);
    for (const attribute of tag.attributes) {
      if (/^on[a-z]+$/.test(attribute.name)) problems.push(`event handler ${attribute.name} on <${tag.name}>`);
      if (attribute.name === "style") problems.push(`style attribute on <${tag.name}>`);
      const normalised = decodeEntities(attribute.value).replace(/[\s\u0000-\u001f\u007f-\u00a0]+/g, "").toLowerCase();
      if (URL_ATTRIBUTES.has(attribute.name) && DANGEROUS_SCHEME.test(normalised)) problems.push(`${attribute.name}="${attribute.value}" on <${tag.name}>`);
    }
  }
  // Belt and braces: an event-handler attribute anywhere inside a tag.
  for (const tag of html.match(/<[a-zA-Z][^>]*>/g) ?? []) if (/\son[a-z]+\s*=/i.test(tag)) problems.push(`handler in ${tag}`);
  return problems;
}

describe("the checker itself", () => {
  // The assertions below are only as good as problemsOf: show it catches what it must.
  it.each([
    ['<a href="javascript:alert(1)">x</a>', 'href="javascript:alert(1)" on <a>'],
    ['<a href="&#x6A;ava&#x09;script&colon;alert(1)">x</a>', 'href="&#x6A;ava&#x09;script&colon;alert(1)" on <a>'],
    ['<a href=" JaVa&amp;#115;cript:x">x</a>', 'href=" JaVa&amp;#115;cript:x" on <a>'],
    ['<span onmouseover="x">y</span>', "event handler onmouseover on <span>"],
    ["<p><script>x</script></p>", "contains <script"],
    ['<img src="data:image/png,x">', "contains <img"],
    ['<a href="vbscript:x">x</a>', 'href="vbscript:x" on <a>'],
  ])("flags %s", (html, problem) => {
    expect(problemsOf(html)).toContain(problem);
  });

  it("passes ordinary safe markup", () => {
    expect(problemsOf('<div class="x"><p>Hi <a href="https://example.test/?a=1&amp;b=2" rel="noopener">there</a> onmouseover=text</p></div>')).toEqual([]);
  });
});

const XSS_VECTORS: [string, string][] = [
  ["script tag", "<script>alert(1)</script>"],
  ["script tag with src, upper case", "<SCRIPT SRC=//evil.test/x.js></SCRIPT>"],
  ["script inside a paragraph", "Hello <script>alert(document.cookie)</script> world"],
  ["img onerror", "<img src=x onerror=alert(1)>"],
  ["img onerror in a list item", "- first\n- <img src=x onerror=alert(1)>"],
  ["svg onload", "<svg onload=alert(1)>"],
  ["svg with script", '<svg><script xlink:href="data:,alert(1)"></script></svg>'],
  ["iframe javascript src", '<iframe src="javascript:alert(1)"></iframe>'],
  ["iframe srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ["blockquoted iframe", "> <iframe src=javascript:alert(1)>"],
  ["javascript: link", "[click](javascript:alert(1))"],
  ["mixed-case JaVaScRiPt: link", "[click](JaVaScRiPt:alert(1))"],
  ["upper-case JAVASCRIPT: link", "[click](JAVASCRIPT:alert(1))"],
  ["tab entity inside the scheme", "[click](java&#x09;script:alert(1))"],
  ["literal tab inside the scheme (angle brackets)", "[click](<java\tscript:alert(1)>)"],
  ["newline entity inside the scheme", "[click](java&#10;script:alert(1))"],
  ["decimal entities for the whole scheme", "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))"],
  ["hex entity and &colon;", "[click](&#x6A;avascript&colon;alert(1))"],
  ["entity colon", "[click](javascript&#58;alert(1))"],
  ["leading whitespace before the scheme", "[x](  javascript:alert(1))"],
  ["leading whitespace in angle brackets", "[x](<  javascript:alert(1)>)"],
  ["percent-encoded scheme", "[x](%6A%61%76%61script:alert(1))"],
  ["javascript with a comment and newline", "[x](javascript://%0aalert(1))"],
  ["vbscript: link", "[click](vbscript:msgbox(1))"],
  ["data:text/html link", "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
  ["data: link with inline html", "[click](data:text/html,<script>alert(1)</script>)"],
  ["markdown image with javascript: src", "![pic](javascript:alert(1))"],
  ["markdown image with data: svg src", "![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"],
  ["image inside a javascript: link", "[![pic](javascript:alert(1))](javascript:alert(2))"],
  ["reference-style link", "[x][1]\n\n[1]: javascript:alert(1)"],
  ["reference-style link with title", '[x][evil]\n\n[evil]: <JavaScript:alert(1)> "title"'],
  ["reference-style image", "![x][img]\n\n[img]: javascript:alert(1)"],
  ["autolink javascript:", "<javascript:alert(1)>"],
  ["autolink vbscript:", "<vbscript:msgbox(1)>"],
  ["autolink with quote trying to break out", '<https://ok.test/" onmouseover="alert(1)>'],
  ["link URL with quote trying to break out", '[x](https://ok.test/"onmouseover="alert(1))'],
  ["link title with a handler", '[x](https://ok.test "t" onclick=alert(1))'],
  ["HTML comment", "<!-- <script>alert(1)</script> --> after"],
  ["raw <a href=javascript:>", '<a href="javascript:alert(1)">x</a>'],
  ["raw <a> with onclick", '<a href="https://ok.test" onclick="alert(1)">x</a>'],
  ["style tag", "<style>body{background:url(javascript:alert(1))}</style>"],
  ["style attribute", '<p style="background:url(javascript:alert(1))">x</p>'],
  ["object", '<object data="javascript:alert(1)"></object>'],
  ["embed", '<embed src="javascript:alert(1)">'],
  ["form with javascript: action", "<form action=javascript:alert(1)><button>go</button></form>"],
  ["button formaction", '<button formaction="javascript:alert(1)">x</button>'],
  ["math mtext mutation", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"],
  ["details ontoggle", "<details open ontoggle=alert(1)>"],
  ["base href", '<base href="javascript:alert(1)//">'],
  ["meta refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ["onmouseover inside markdown-looking text", "**bold** <b onmouseover=alert(1)>hover</b> and _x_ onmouseover=alert(1)"],
  ["handler inside a heading", "# Title <span onclick=alert(1)>x</span>"],
  ["html in a table-like line", "| a | <img src=x onerror=alert(1)> |"],
  ["mention scheme carrying javascript:", "[x](mention:javascript:alert(1))"],
  ["capitalised mention scheme carrying javascript:", "[x](Mention:javascript:alert(1))"],
  ["null byte in the scheme", "[x](java\u0000script:alert(1))"],
  // The renderer turns "@" + a mention: link into a chip; these aim at that step.
  ["@mention carrying javascript:", "@[x](mention:javascript:alert(1))"],
  ["image-bang before an @mention", "!@[x](mention:javascript:alert(1))"],
  ["raw HTML as a mention name", "@[<img src=x onerror=alert(1)>](mention:abcdefgh12)"],
  ["mention followed by a javascript: link", "@[Ada](mention:abcdefgh12)[y](javascript:alert(1))"],
  ["mention name closing into a javascript: link", "@[a](mention:abcdefgh12) @[b](javascript:alert(1))"],
];

describe("XSS vectors render harmlessly", () => {
  it("covers at least 25 vectors", () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(XSS_VECTORS)("%s", (_name, markdown) => {
    const html = render(markdown);
    expect(problemsOf(html), html).toEqual([]);
    // The output is the renderer's wrapper with Markdown blocks inside, nothing else.
    expect(html.startsWith('<div class="prose-comment')).toBe(true);
  });

  it("drops raw HTML entirely rather than showing or running it", () => {
    expect(render("before <b onmouseover=alert(1)>bold</b> after")).toContain("<p>before bold after</p>");
    expect(render("<script>alert(1)</script>")).not.toContain("alert(1)");
  });

  it("keeps dangerous links' text but not the link", () => {
    expect(render("[click me](javascript:alert(1))")).toContain("<p><span>click me</span></p>");
    expect(render("[x][1]\n\n[1]: javascript:alert(1)")).toContain("<p><span>x</span></p>");
    expect(render("<javascript:alert(1)>")).not.toContain("<a");
  });

  it("shows code that contains HTML as text", () => {
    expect(render("```\n<script>alert(1)</script>\n```")).toContain("<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>");
    expect(render("`<img src=x onerror=alert(1)>`")).toContain("<code>&lt;img src=x onerror=alert(1)&gt;</code>");
  });
});

describe("safe Markdown still renders", () => {
  const LINK_ATTRS = 'target="_blank" rel="noopener noreferrer nofollow ugc"';

  it("bold, italics and inline code", () => {
    expect(render("**bold** and *italic* and `code`")).toContain("<p><strong>bold</strong> and <em>italic</em> and <code>code</code></p>");
  });

  it("bulleted and numbered lists", () => {
    const html = render("- one\n- two\n\n1. first\n2. second");
    expect(html).toContain("<ul>\n<li>one</li>\n<li>two</li>\n</ul>");
    expect(html).toContain("<ol>\n<li>first</li>\n<li>second</li>\n</ol>");
  });

  it("https links open in a new tab with rel noopener noreferrer nofollow ugc", () => {
    const html = render("[the runbook](https://wiki.example.test/runbook?a=1&b=2)");
    expect(html).toContain(`<a href="https://wiki.example.test/runbook?a=1&amp;b=2" ${LINK_ATTRS}`);
    expect(html).toContain(">the runbook</a>");
    expect(tagsOf(html).filter((tag) => tag.name === "a")).toHaveLength(1);
  });

  it("http links and autolinks are kept", () => {
    expect(render("[plain](http://intranet.example.test/)")).toContain(`<a href="http://intranet.example.test/" ${LINK_ATTRS}`);
    expect(render("<https://auto.example.test/path>")).toContain(`<a href="https://auto.example.test/path" ${LINK_ATTRS} class="text-brand-700 underline">https://auto.example.test/path</a>`);
  });

  it("mailto links are kept", () => {
    expect(render("[mail us](mailto:security@example.test)")).toContain(`<a href="mailto:security@example.test" ${LINK_ATTRS}`);
  });

  it("relative and other-scheme links lose their href", () => {
    for (const markdown of ["[rel](/settings)", "[proto](//evil.example.test)", "[ftp](ftp://files.example.test)", "[tel](tel:+441234)"]) {
      const html = render(markdown);
      expect(html, markdown).not.toContain("href");
      expect(html, markdown).toMatch(/<p><span>[a-z]+<\/span><\/p>/);
    }
  });

  it("images show their alt text instead of loading", () => {
    const html = render("![architecture diagram](https://example.test/pixel.png)");
    expect(html).toContain("<span>[image: architecture diagram]</span>");
    expect(html).not.toContain("pixel.png");
    expect(render("![](https://example.test/pixel.png)")).toContain("<span>[image]</span>");
  });

  it("a mention renders as a name chip without a link", () => {
    const html = render("Thanks @[Ada](mention:abcdefgh12), please check");
    expect(html).not.toContain("href");
    expect(html).not.toContain("<a");
    expect(html).not.toContain("abcdefgh12");
    expect(html).toContain('<span class="rounded bg-brand-50 px-1 font-medium text-brand-900">');
    // The chip reads "@Ada": one @, not the token's @ followed by the chip's own.
    const text = html.replace(/<[^>]+>/g, "");
    expect(text).toBe("Thanks @Ada, please check");
  });
});

describe("mentions are only rewritten in prose", () => {
  it("a mention: link without its @ is plain text, not a chip that looks like a mention", () => {
    const html = render("Signed off by [the CISO](mention:abcdefgh12)");
    expect(html).not.toContain("<span");
    expect(html).not.toContain("abcdefgh12");
    expect(html).toContain("<p>Signed off by the CISO</p>");
  });

  it("two mentions in one sentence both become chips", () => {
    const html = render("@[Ada](mention:abcdefgh12) and @[Bob](mention:bcdefgh123)");
    expect(html.match(/<span class="rounded bg-brand-50/g)).toHaveLength(2);
    expect(html.replace(/<[^>]+>/g, "")).toBe("@Ada and @Bob");
  });

  it("code shows a mention token exactly as written", () => {
    expect(render("`@[Ada](mention:abcdefgh12)`")).toContain("<code>@[Ada](mention:abcdefgh12)</code>");
    expect(render("```\n@[Ada](mention:abcdefgh12)\n```")).toContain("<pre><code>@[Ada](mention:abcdefgh12)\n</code></pre>");
  });
});

describe("safeUrl", () => {
  it.each([
    ["https://example.test/a?b=c", "https://example.test/a?b=c"],
    ["http://example.test", "http://example.test"],
    ["HTTPS://EXAMPLE.TEST", "HTTPS://EXAMPLE.TEST"],
    ["mailto:security@example.test", "mailto:security@example.test"],
    ["mention:abcdefgh12", "mention:abcdefgh12"],
  ])("keeps %s", (url, expected) => {
    expect(safeUrl(url)).toBe(expected);
  });

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "Mention:javascript:alert(1)",
    "/relative/path",
    "//evil.example.test",
    "#fragment",
    "?query",
    "ftp://files.example.test",
    "tel:+441234",
    "irc://irc.example.test",
    "xmpp:someone@example.test",
    "file:///etc/passwd",
    "",
  ])("drops %j", (url) => {
    expect(safeUrl(url)).toBe("");
  });
});
