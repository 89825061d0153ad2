/** The error next-auth passes to the sign-in form when an account or address must wait (client-safe). */
export const TOO_MANY_ATTEMPTS = "TooManyAttempts";
