import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { cn } from "@/lib/cn";
import { Button } from "./button";

const classesOf = (html: string) => /class="([^"]*)"/.exec(html)![1]!.split(" ");

describe("class names", () => {
  it("a later utility replaces an earlier one for the same property, whatever the stylesheet order", () => {
    expect(cn("px-3.5 py-2 text-sm", "px-2.5 py-1")).toBe("text-sm px-2.5 py-1");
    expect(cn("ring-1 ring-slate-300", false, undefined, "ring-red-300")).toBe("ring-1 ring-red-300");
  });

  it("a button given smaller padding has only the padding it was given", () => {
    const classes = classesOf(renderToStaticMarkup(createElement(Button, { className: "px-2.5 py-1 text-xs" }, "Revoke")));
    expect(classes).toEqual(expect.arrayContaining(["px-2.5", "py-1", "text-xs"]));
    expect(classes).not.toEqual(expect.arrayContaining(["px-3.5"]));
    expect(classes).not.toContain("py-2");
    expect(classes).not.toContain("text-sm");
  });
});
