import { SpecError } from "./spec-error";

export type TSpecFormat = "openapi-3.0" | "openapi-3.1" | "swagger-2.0";

export const FORMAT_LABEL: Record<TSpecFormat, string> = {
  "openapi-3.0": "OpenAPI 3.0",
  "openapi-3.1": "OpenAPI 3.1",
  "swagger-2.0": "Swagger 2.0",
};

export function detectFormat(document: Record<string, unknown>): TSpecFormat {
  const { openapi, swagger } = document;
  // YAML reads `openapi: 3.1` as the number 3.1; say so instead of "not OpenAPI".
  if (typeof openapi === "number" && (openapi === 3 || openapi === 3.1)) {
    throw new SpecError(`The openapi version must be a string: write openapi: "${openapi.toFixed(1)}.0" with quotes.`, [{ pointer: "/openapi", detail: "A number, not a string." }]);
  }
  if (typeof swagger === "number" && swagger === 2) {
    throw new SpecError('The swagger version must be a string: write swagger: "2.0" with quotes.', [{ pointer: "/swagger", detail: "A number, not a string." }]);
  }
  if (typeof openapi === "number") {
    throw new SpecError(`OpenAPI ${openapi} is not supported; Bulwark reads OpenAPI 3.0, 3.1 and Swagger 2.0.`, [{ pointer: "/openapi", detail: `Unsupported version ${openapi}.` }]);
  }
  if (typeof openapi === "string") {
    if (/^3\.0(\.\d+)?$/.test(openapi)) return "openapi-3.0";
    if (/^3\.1(\.\d+)?$/.test(openapi)) return "openapi-3.1";
    throw new SpecError(`OpenAPI ${openapi} is not supported; Bulwark reads OpenAPI 3.0, 3.1 and Swagger 2.0.`, [{ pointer: "/openapi", detail: `Unsupported version ${openapi}.` }]);
  }
  if (swagger !== undefined) {
    if (String(swagger) === "2.0") return "swagger-2.0";
    throw new SpecError(`Swagger ${String(swagger)} is not supported; Bulwark reads OpenAPI 3.0, 3.1 and Swagger 2.0.`, [{ pointer: "/swagger", detail: "Unsupported version." }]);
  }
  throw new SpecError("This is not an OpenAPI document: there is no top-level `openapi: 3.x` or `swagger: \"2.0\"` field.", [
    { pointer: "", detail: "Expected an `openapi` or `swagger` field." },
  ]);
}
