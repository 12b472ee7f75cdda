import { AppError, type TFieldError } from "@/lib/core/app-error";

/** A spec that cannot be imported: 422 with the JSON pointer (and line) of each problem. */
export class SpecError extends AppError {
  constructor(message: string, problems: { pointer?: string; line?: number; detail: string }[] = []) {
    super(
      "VALIDATION_FAILED",
      message,
      {
        fieldErrors: problems.map(
          (problem): TFieldError => ({
            field: problem.line ? `line ${problem.line}` : problem.pointer || "spec",
            pointer: problem.pointer ?? "",
            detail: problem.line ? `${problem.detail} (line ${problem.line})` : problem.detail,
          }),
        ),
      },
    );
    this.name = "SpecError";
  }

  /** Rebuilds a SpecError that crossed a worker-thread boundary as plain data. */
  static restore(message: string, fieldErrors: TFieldError[] = []): SpecError {
    const error = new SpecError(message);
    Object.defineProperty(error, "fieldErrors", { value: fieldErrors });
    return error;
  }
}

/** RFC 6901: "~" and "/" inside a key are escaped. */
export function toPointer(path: readonly (string | number)[]): string {
  return path.map((part) => `/${String(part).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}
