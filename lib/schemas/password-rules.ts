/** Password length limits, shared by forms (client) and hashing (server). */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
