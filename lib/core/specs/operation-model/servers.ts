import type { TSpecFormat } from "../spec-format";
import { boundText, isObj, type Obj } from "./bounded";
import type { TModelServer, TOperationModelLimits } from "./types";

// The servers an operation is reached on: cleartext and internal hosts are judged per operation,
// because an operation may override the document's servers.

function readServerList(list: unknown, source: TModelServer["source"], limits: TOperationModelLimits): TModelServer[] | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const servers: TModelServer[] = [];
  for (const server of list.slice(0, limits.maxListItems)) {
    if (!isObj(server) || typeof server.url !== "string") continue;
    const variables = isObj(server.variables) ? server.variables : {};
    const url = server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
      const variable = variables[name];
      return isObj(variable) && variable.default !== undefined ? String(variable.default) : whole;
    });
    const entry: TModelServer = { url: url.slice(0, 2048), source };
    if (url !== server.url) entry.template = server.url.slice(0, 2048);
    const description = boundText(server.description, limits.maxTextLength);
    if (description) entry.description = description;
    servers.push(entry);
  }
  return servers;
}

function swaggerServers(document: Obj, operation: Obj): TModelServer[] {
  const host = typeof document.host === "string" ? document.host : "";
  const basePath = typeof document.basePath === "string" ? document.basePath : "";
  if (!host) return [{ url: basePath || "/", source: basePath ? "document" : "default" }];
  const own = Array.isArray(operation.schemes) && operation.schemes.length > 0;
  const schemes = (own ? operation.schemes : document.schemes) as unknown;
  // Without schemes, Swagger 2.0 means "the scheme the spec was fetched with"; https is the likely one.
  const list = Array.isArray(schemes) && schemes.length ? schemes.filter((scheme): scheme is string => typeof scheme === "string") : ["https"];
  return [...new Set(list)].map((scheme) => ({ url: `${scheme}://${host}${basePath}`, source: own ? "operation" : "document" }));
}

/**
 * Operation servers override path-item servers, which override the document's ("/" when none).
 * Webhooks and callbacks are served by the subscriber, so the document's servers do not apply.
 */
export function effectiveServers(document: Obj, pathItem: Obj, operation: Obj, format: TSpecFormat, isOutgoing: boolean, limits: TOperationModelLimits): TModelServer[] {
  if (format === "swagger-2.0") return swaggerServers(document, operation);
  return (
    readServerList(operation.servers, "operation", limits) ??
    readServerList(pathItem.servers, "path", limits) ??
    (isOutgoing ? [] : (readServerList(document.servers, "document", limits) ?? [{ url: "/", source: "default" }]))
  );
}
