/** The one error type routes throw; the error handler renders it as a translated page or JSON. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** i18n key of the message shown to the user */
    readonly messageKey: string = `errors.http_${status}`,
    readonly params: Record<string, unknown> = {},
  ) {
    super(messageKey);
  }
}
