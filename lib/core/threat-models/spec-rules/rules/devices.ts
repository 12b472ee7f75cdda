import type { TModelOperation } from "@/lib/core/specs/operation-model/types";
import type { TEvidence, TSpecRule, TSpecRuleContext } from "../types";
import {
  cleartextHost,
  DESCRIBES_SHARED_DEVICE_SECRET,
  hasDeviceWord,
  isDeviceIdentifierName,
  isDeviceScheme,
  isDigestName,
  isEnrolmentOperation,
  isFirmwareOperation,
  isLocalNetworkHost,
  isSignatureName,
  isUrlLikeField,
  nameWords,
  operationWords,
} from "../names";
import { isServed, isWriteMethod, operationSchemes, quote, raise, reachability } from "../operation-parts";
import { inputsOf, successResponses } from "./inputs-of";

// Device and edge rules (the catalogue's IoT entries): what a spec says about how machines
// authenticate, which identity they claim, how firmware reaches them and where their local
// interfaces listen. Each piece of evidence names the operation and the scheme, field or server.

const sharedDeviceCredential: TSpecRule = {
  id: "shared-device-credential",
  entryKey: "iot-shared-device-credentials",
  looksFor: "Operations called with a security scheme whose description says one secret is shared by many devices: written in at the factory, a provisioning key per model or batch, fleet-wide.",
  example: "fleetKey: { type: apiKey, description: Provisioning key written into every device of a model at the factory }",
  answer: "YES",
  evaluate(operation, context) {
    if (!isServed(operation)) return [];
    return operationSchemes(operation)
      .filter((scheme) => DESCRIBES_SHARED_DEVICE_SECRET.test(scheme.description ?? ""))
      .map((scheme) => ({
        operationKey: operation.key,
        target: { kind: "security", scheme: scheme.name },
        reason: `${quote(operation.key)} is called with ${quote(scheme.name)}, described as ${quote((scheme.description ?? "").slice(0, 120).replace(/[.\s]+$/, ""))}: one secret shared by many devices, so extracting it from one device opens this operation for all of them`,
        strength: "direct",
        likelihood: raise(3 + reachability(context)),
        impact: 4,
      }));
  },
};

/** Device-side: every way to call it carries a device credential. */
const isDeviceSide = (operation: TModelOperation) =>
  !operation.security.anonymous && operation.security.alternatives.length > 0 && operation.security.alternatives.every((alternative) => alternative.schemes.some(({ scheme }) => isDeviceScheme(scheme)));

const deviceIdentityInRequest: TSpecRule = {
  id: "device-identity-in-request",
  entryKey: "iot-device-identity-not-bound",
  looksFor:
    "Operations called with a device credential (a scheme named or described for devices) that also take a device identifier (serial number, device id, IMEI, MAC) in the path, query or body: the server should take the identity from the credential, or check that both agree. Enrolment operations (register, provision) are left out: there the identifier is what the device claims to be.",
  example: "POST /telemetry { serialNumber, readings } with security: [{ deviceToken: [] }]",
  answer: "UNSURE",
  evaluate(operation, context) {
    if (!isServed(operation) || isEnrolmentOperation(operation) || !isDeviceSide(operation)) return [];
    const scheme = operationSchemes(operation).find(isDeviceScheme);
    return inputsOf(operation)
      .filter((input) => input.location !== "header" && input.location !== "cookie" && isDeviceIdentifierName(input.name))
      .map(
        (input): TEvidence => ({
          operationKey: operation.key,
          target: input.target,
          reason: `${quote(operation.key)} is called with the device credential ${quote(scheme?.name ?? "")} and also takes the ${input.label}, a device identity the credential should already fix`,
          strength: "indirect",
          likelihood: raise(2 + reachability(context)),
          impact: isWriteMethod(operation.method) ? 4 : 3,
        }),
      );
  },
};

const firmwareWithoutSignature: TSpecRule = {
  id: "firmware-without-signature",
  entryKey: "iot-firmware-update-integrity",
  looksFor: "Firmware and over-the-air update operations whose response gives an image or its location with at most a checksum (sha256, md5) and no signature field: a checksum from the same source does not prove who built the image.",
  example: "GET /firmware/{model}/latest → { imageLocation, sha256 }",
  answer: "UNSURE",
  evaluate(operation, context) {
    if (!isServed(operation) || !isFirmwareOperation(operation)) return [];
    for (const response of successResponses(operation)) {
      for (const content of response.content) {
        if (content.fields.some((field) => isSignatureName(field.name))) return [];
        const digest = content.fields.find((field) => isDigestName(field.name));
        const image = content.fields.find((field) => field.path !== "$" && isUrlLikeField(field));
        const named = digest ?? image;
        if (!named) continue;
        return [
          {
            operationKey: operation.key,
            target: { kind: "response-field", status: response.status, mediaType: content.mediaType, path: named.path, name: named.name },
            reason: digest
              ? `${quote(operation.key)} returns the firmware with ${quote(digest.name)} in its ${response.status} response and no signature field: a checksum from the same source does not prove the image is genuine`
              : `${quote(operation.key)} returns where to download the firmware (${quote(named.name)}) in its ${response.status} response with no signature or checksum field`,
            strength: "indirect",
            likelihood: raise(2 + reachability(context)),
            impact: 5,
          },
        ];
      }
    }
    return [];
  },
};

const hostnameOf = (url: string) => {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
};

const edgeLocalInterface: TSpecRule = {
  id: "edge-local-interface-anonymous",
  entryKey: "iot-edge-local-interfaces",
  looksFor: "Operations whose own or path-level server is a local network address (a gateway on 192.168.x.x, 10.x, 169.254.x.x or a .local name) and that accept callers without credentials: anyone on that network can use the device's interface.",
  example: "/local/config: { servers: [{ url: http://192.168.4.1 }], get: { security: [] } }",
  answer: "YES",
  evaluate(operation) {
    if (!isServed(operation) || !operation.security.anonymous) return [];
    const server = operation.servers.find((candidate) => (candidate.source === "path" || candidate.source === "operation") && isLocalNetworkHost(hostnameOf(candidate.url)));
    if (!server) return [];
    return [
      {
        operationKey: operation.key,
        target: { kind: "operation" },
        reason: `${quote(operation.key)} is served from ${quote(server.url)}, a local network address its ${server.source} declares, and accepts callers without credentials: anyone on that network can ${isWriteMethod(operation.method) ? "change" : "read"} it`,
        strength: "direct",
        likelihood: 3,
        impact: isWriteMethod(operation.method) ? 5 : 4,
      },
    ];
  },
};

/** The API has a device side: device credentials, or operations whose path, id, summary or tags name devices. */
const hasDevices = (context: TSpecRuleContext) =>
  context.model.operations.some((operation) => operationSchemes(operation).some(isDeviceScheme) || hasDeviceWord(operationWords(operation)));

const deviceCleartextTransport: TSpecRule = {
  id: "device-cleartext-transport",
  entryKey: "iot-insecure-device-transport",
  looksFor: "Document-level servers on plain http:// on a public host (not localhost, a local network address or a reserved example host) in an API with a device side, or whose description names devices, telemetry or firmware.",
  example: "servers: [{ url: http://ingest.acme.io/v1, description: Telemetry ingest for devices without TLS }]",
  answer: "YES",
  evaluate: () => [],
  evaluateApi(context) {
    const devices = hasDevices(context);
    const found = new Map<string, TEvidence>();
    for (const operation of context.model.operations) {
      if (!isServed(operation)) continue;
      for (const server of operation.servers) {
        const host = cleartextHost(server.url);
        if (!host || found.has(server.url) || server.source !== "document" || isLocalNetworkHost(host)) continue;
        if (!devices && !hasDeviceWord(nameWords(server.description ?? ""))) continue;
        found.set(server.url, {
          operationKey: null,
          target: { kind: "api", detail: `server ${server.url}` },
          reason: `server ${quote(server.url)}${server.description ? ` (${quote(server.description)})` : ""} serves an API with a device side over plain HTTP: device traffic and credentials cross the network unencrypted`,
          strength: "direct",
          likelihood: raise(3 + reachability(context)),
          impact: 4,
        });
      }
    }
    return [...found.values()];
  },
};

export const DEVICE_RULES: TSpecRule[] = [sharedDeviceCredential, deviceIdentityInRequest, firmwareWithoutSignature, edgeLocalInterface, deviceCleartextTransport];
