/**
 * A full page load of `path` instead of a client-side navigation: after sign-in, sign-out or a
 * password or membership change, a full load drops every cached query of the old session.
 */
export function hardNavigate(path: string): void {
  window.location.assign(path);
}
