import { type ClassValue, clsx } from "clsx";
import { twMerge } from "tailwind-merge";

/** Class names joined, later Tailwind utilities overriding earlier ones that set the same property. */
export function cn(...classes: ClassValue[]): string {
  return twMerge(clsx(classes));
}
