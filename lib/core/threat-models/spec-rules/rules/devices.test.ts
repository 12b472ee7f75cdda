import { DEVICE_RULES } from "./devices";
import { describeRuleCases, json, object, ok, openapi, type TRuleCase } from "./rule-test-kit";

// Each device and edge rule on small inline specs: one that shows what it looks for, one that does not.

type Obj = Record<string, unknown>;

const schemes = {
  components: {
    securitySchemes: {
      userBearer: { type: "http", scheme: "bearer" },
      deviceToken: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
      provisioningKey: { type: "apiKey", in: "header", name: "X-Provisioning-Key", description: "Burned into every sensor of a batch at the factory." },
      installerKey: { type: "apiKey", in: "header", name: "X-Installer-Key", description: "Issued to each installer account." },
    },
  },
  security: [{ userBearer: [] }],
};
const api = (paths: Obj, extra: Obj = {}) => openapi(paths, { ...schemes, ...extra });
const device = { security: [{ deviceToken: [] }] };
const readings = json(object({ serial: { type: "string" }, readings: { type: "array", items: { type: "number" }, maxItems: 100 } }));

const cases: Record<string, { positive: TRuleCase[]; negative: TRuleCase[] }> = {
  "shared-device-credential": {
    positive: [{ name: "a factory provisioning key", document: api({ "/sensors/enroll": { post: { security: [{ provisioningKey: [] }], responses: ok } } }), keys: ["POST /sensors/enroll"], target: "security", reason: /`provisioningKey`, described as `Burned into every sensor/ }],
    negative: [{ name: "a per-account key and an ordinary bearer", document: api({ "/sensors/enroll": { post: { security: [{ installerKey: [] }], responses: ok } }, "/sensors": { get: { responses: ok } } }), keys: [] }],
  },
  "device-identity-in-request": {
    positive: [
      { name: "a serial in a device-authenticated body", document: api({ "/telemetry": { post: { ...device, requestBody: readings, responses: ok } } }), keys: ["POST /telemetry"], target: "request-field", reason: /device credential `deviceToken` and also takes the body field `serial`/ },
      { name: "a device id in a device-authenticated path", document: api({ "/devices/{deviceId}/jobs": { get: { ...device, parameters: [{ name: "deviceId", in: "path", required: true, schema: { type: "string" } }], responses: ok } } }), keys: ["GET /devices/{deviceId}/jobs"], target: "parameter" },
    ],
    negative: [
      { name: "the same body on a user's token", document: api({ "/telemetry": { post: { requestBody: readings, responses: ok } } }), keys: [] },
      { name: "an enrolment, where the serial is what the device claims to be", document: api({ "/devices/register": { post: { ...device, requestBody: readings, responses: ok } } }), keys: [] },
    ],
  },
  "firmware-without-signature": {
    positive: [
      { name: "an image location with only a checksum", document: api({ "/firmware/{model}": { get: { ...device, parameters: [{ name: "model", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "ok", ...json(object({ url: { type: "string", format: "uri" }, md5: { type: "string" } })) } } } } }), keys: ["GET /firmware/{model}"], target: "response-field", reason: /`md5` in its 200 response and no signature field/ },
      { name: "an image location with nothing to verify it by", document: api({ "/ota/latest": { get: { ...device, responses: { "200": { description: "ok", ...json(object({ downloadUrl: { type: "string", example: "https://cdn.acme.io/fw.bin" } })) } } } } }), keys: ["GET /ota/latest"], reason: /\(`downloadUrl`\).*no signature or checksum/ },
    ],
    negative: [
      { name: "a signed image", document: api({ "/firmware/latest": { get: { ...device, responses: { "200": { description: "ok", ...json(object({ url: { type: "string", format: "uri" }, sha256: { type: "string" }, signature: { type: "string" } })) } } } } }), keys: [] },
      { name: "a checksum outside firmware", document: api({ "/exports/latest": { get: { responses: { "200": { description: "ok", ...json(object({ url: { type: "string", format: "uri" }, sha256: { type: "string" } })) } } } } }), keys: [] },
    ],
  },
  "edge-local-interface-anonymous": {
    positive: [{ name: "an anonymous path served from the gateway's LAN address", document: api({ "/local/settings": { servers: [{ url: "http://192.168.1.1" }], put: { security: [], responses: ok } } }), keys: ["PUT /local/settings"], reason: /served from `http:\/\/192\.168\.1\.1`.*anyone on that network can change it/ }],
    negative: [
      { name: "the same path behind a credential", document: api({ "/local/settings": { servers: [{ url: "http://192.168.1.1" }], put: { responses: ok } } }), keys: [] },
      { name: "a document-level private server (a deployment's address, not a device's)", document: api({ "/status": { get: { security: [], responses: ok } } }, { servers: [{ url: "http://10.0.0.5" }] }), keys: [] },
    ],
  },
  "device-cleartext-transport": {
    positive: [{ name: "a public http server in an API with device credentials", document: api({ "/telemetry": { post: { ...device, responses: ok } } }, { servers: [{ url: "http://ingest.acme.io/v1" }] }), keys: [], reason: /`http:\/\/ingest\.acme\.io\/v1` serves an API with a device side over plain HTTP/ }],
    negative: [
      { name: "a public http server in an API without devices", document: api({ "/orders": { get: { responses: ok } } }, { servers: [{ url: "http://api.acme.io" }] }), keys: [] },
      { name: "localhost in an API with devices", document: api({ "/telemetry": { post: { ...device, responses: ok } } }, { servers: [{ url: "http://localhost:8080" }] }), keys: [] },
    ],
  },
};

describeRuleCases("DEVICE_RULES", DEVICE_RULES, cases, { anyOrder: true });
