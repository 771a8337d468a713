declare namespace App {
  interface Locals {
    /** The signed-in user's name, or null for a visitor. */
    user: string | null;
    /** The CSRF token the page's forms carry (masked from the csrftoken cookie), "" without one. */
    csrfToken: string;
  }
}
