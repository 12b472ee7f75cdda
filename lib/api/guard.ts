import { ID_PATTERN } from "@/lib/validation/id";
import "server-only";
import type { NextRequest } from "next/server";
import { z, type ZodType } from "zod";
import { AppError } from "@/lib/core/app-error";
import { toErrorResponse } from "@/lib/api/problem";
import { readBodyText } from "@/lib/api/body";
import { assertSameOrigin } from "@/lib/api/origin";
import { clientIpFrom } from "@/lib/core/auth/client-ip";
import { orgAccessProblem } from "@/lib/core/auth/org-access";
import { can, type Permission } from "@/lib/core/auth/permissions";
import { getSignedInUser } from "@/lib/api/auth/session";
import type { TSignedInUser } from "@/lib/server/auth/signed-in-user";
import { findCallerMembership } from "@/lib/server/members/find-caller-membership";
import type { TCaller, TRequestMeta } from "@/lib/server/scope";

// The one wrapper for route handlers: it resolves the caller, checks the permission, parses
// params/query/body with zod and maps every error to problem+json.

const MAX_JSON_BODY_BYTES = 1024 * 1024;
const ORG_HEADER = "x-bulwark-org";

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

type Schemas<P, Q, B> = { params?: ZodType<P>; query?: ZodType<Q>; body?: ZodType<B> };

type Parsed<P, Q, B> = { req: NextRequest; params: P; query: Q; body: B };

type OrgRouteOptions<P, Q, B> = Schemas<P, Q, B> & { permission: Permission };

/** A JSON body (Content-Type checked, size capped, NUL refused); imports pass a larger cap. */
export async function readJsonBody(req: NextRequest, maxBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON with Content-Type: application/json.");
  }
  const text = await readBodyText(req, maxBytes);
  if (!text.trim()) throw new AppError("BAD_REQUEST", "The request body is empty; send a JSON object.");
  let containsNul = false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_key, value: unknown) => {
      if (typeof value === "string" && value.includes("\u0000")) containsNul = true;
      return value;
    });
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : "it could not be parsed";
    throw new AppError("BAD_REQUEST", `The body is not valid JSON: ${reason}.`);
  }
  // PostgreSQL cannot store NUL in text; refuse it here instead of failing at the database.
  if (containsNul) throw new AppError("BAD_REQUEST", "Text may not contain the NUL character (\\u0000).");
  return parsed;
}

async function parseRequest<P, Q, B>(req: NextRequest, context: RouteContext, schemas: Schemas<P, Q, B>): Promise<Omit<Parsed<P, Q, B>, "req">> {
  let params = undefined as P;
  if (schemas.params) {
    // A malformed id names nothing, so it is answered like a missing one.
    const result = schemas.params.safeParse(await context.params);
    if (!result.success) throw new AppError("NOT_FOUND", "No such resource in this organisation.");
    params = result.data;
  }
  const rawQuery = Object.fromEntries(req.nextUrl.searchParams);
  if (Object.values(rawQuery).some((value) => value.includes("\u0000"))) {
    throw new AppError("BAD_REQUEST", "Query parameters may not contain the NUL character.");
  }
  const query = (schemas.query ? schemas.query.parse(rawQuery) : undefined) as Q;
  const body = (schemas.body ? schemas.body.parse(await readJsonBody(req)) : undefined) as B;
  return { params, query, body };
}

function requestMeta(req: NextRequest): TRequestMeta {
  return { ip: clientIpFrom(req.headers), userAgent: req.headers.get("user-agent") };
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function wrap(handler: (req: NextRequest, context: RouteContext) => Promise<Response>) {
  return async (req: NextRequest, context: RouteContext): Promise<Response> => {
    try {
      if (STATE_CHANGING.has(req.method)) assertSameOrigin(req);
      const response = await handler(req, context);
      response.headers.set("cache-control", "no-store");
      return response;
    } catch (error) {
      return toErrorResponse(error, { method: req.method, path: req.nextUrl.pathname });
    }
  };
}

async function requireUser(): Promise<TSignedInUser> {
  const user = await getSignedInUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to use this endpoint.");
  return user;
}

/** A route that acts inside one organisation, as a member with `permission`. */
export function withOrg<P = undefined, Q = undefined, B = undefined>(
  options: OrgRouteOptions<P, Q, B>,
  handler: (input: Parsed<P, Q, B> & { caller: TCaller; user: TSignedInUser }) => Promise<Response>,
) {
  return wrap(async (req, context) => {
    const user = await requireUser();
    const orgSlug = req.headers.get(ORG_HEADER);
    const membership = await findCallerMembership(user, orgSlug);
    if (!membership) {
      if (orgSlug) throw new AppError("NOT_FOUND", "No such organisation.");
      throw new AppError("FORBIDDEN", "You are not a member of any organisation yet. Ask an admin for an invitation.");
    }
    const problem = orgAccessProblem(membership.org, user);
    if (problem === "SSO_REQUIRED") throw new AppError(problem, "This organisation admits only sessions started with single sign-on. Sign in with SSO.");
    if (problem === "MFA_ENROLMENT_REQUIRED") throw new AppError(problem, "This organisation requires two-factor authentication. Set it up for your account first.");
    if (!can(membership.role, options.permission)) {
      throw new AppError("FORBIDDEN", `Your role (${membership.role.toLowerCase()}) does not allow this.`);
    }
    const caller: TCaller = {
      orgId: membership.org.id,
      orgSlug: membership.org.slug,
      userId: user.userId,
      role: membership.role,
      sessionId: user.sessionId,
      ...requestMeta(req),
    };
    const parsed = await parseRequest(req, context, options);
    return handler({ req, caller, user, ...parsed });
  });
}

/** A route for any signed-in user, outside a particular organisation (profile, creating an org). */
export function withUser<P = undefined, Q = undefined, B = undefined>(
  options: Schemas<P, Q, B>,
  handler: (input: Parsed<P, Q, B> & { user: TSignedInUser; meta: TRequestMeta }) => Promise<Response>,
) {
  return wrap(async (req, context) => {
    const user = await requireUser();
    const parsed = await parseRequest(req, context, options);
    return handler({ req, user, meta: requestMeta(req), ...parsed });
  });
}

/** A route anyone may call (health, sign-up, accepting an invitation). */
export function withPublic<P = undefined, Q = undefined, B = undefined>(
  options: Schemas<P, Q, B>,
  handler: (input: Parsed<P, Q, B> & { meta: TRequestMeta }) => Promise<Response>,
) {
  return wrap(async (req, context) => {
    const parsed = await parseRequest(req, context, options);
    return handler({ req, meta: requestMeta(req), ...parsed });
  });
}

export function json(data: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  return Response.json({ data }, { status: init.status ?? 200, headers: init.headers });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/** Route params that are ids: anything else cannot name a row, so it is a 404, not a 422. */
export const ZIdParams = z.object({ id: z.string().regex(ID_PATTERN) });
