import { parseDocument, type Tags, type YAMLError } from "yaml";
import { templateError } from "./errors";

// Every short-form function CloudFormation's YAML knows, so an unsupported one
// still parses and gets a clear "not supported" error instead of a YAML error.
const FUNCTIONS = [
  "Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub",
  "Transform", "And", "Equals", "If", "Not", "Or", "Length", "ToJsonString",
];

function shortFormTags(): Tags {
  const tags: Tags = [
    { tag: "!Ref", resolve: (value: string) => ({ Ref: value }) },
    { tag: "!Condition", resolve: (value: string) => ({ Condition: value }) },
  ];
  for (const name of FUNCTIONS) {
    const key = `Fn::${name}`;
    const scalar = name === "GetAtt" ? (v: string) => ({ [key]: splitGetAtt(v) }) : (v: string) => ({ [key]: v });
    tags.push({ tag: `!${name}`, resolve: scalar });
    tags.push({ tag: `!${name}`, collection: "seq", resolve: (seq) => ({ [key]: seq.toJSON() }) });
    tags.push({ tag: `!${name}`, collection: "map", resolve: (map) => ({ [key]: map.toJSON() }) });
  }
  return tags;
}

/** `!GetAtt Role.Arn` is the list form `[Role, Arn]`; the attribute may itself contain dots. */
function splitGetAtt(value: string): string[] {
  const dot = value.indexOf(".");
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

/**
 * Reads a template as CloudFormation does: JSON when it starts with `{`,
 * otherwise YAML with the short-form tags. Errors use CloudFormation's
 * "Template format error: … not well-formed" wording, with a position.
 */
export function parseTemplateText(text: string): unknown {
  if (text.trimStart().startsWith("{")) {
    try {
      return JSON.parse(text);
    } catch {
      // V8's JSON errors carry no line; the YAML parser (JSON is nearly YAML) can often find the spot.
      const doc = parseDocument(text, { uniqueKeys: true });
      throw templateError(`Template format error: JSON not well-formed.${describe(doc.errors[0]).where}`);
    }
  }
  const doc = parseDocument(text, { customTags: shortFormTags(), uniqueKeys: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const { detail, where } = describe(problem);
    throw templateError(`Template format error: YAML not well-formed.${detail}${where}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw templateError(`Template format error: YAML not well-formed. ${(err as Error).message.split("\n")[0]}`);
  }
}

function describe(problem: YAMLError | undefined): { detail: string; where: string } {
  const pos = problem?.linePos?.[0];
  return {
    detail: problem ? ` ${problem.message.split(" at line")[0]?.split("\n")[0]}` : "",
    where: pos ? ` (line ${pos.line}, column ${pos.col})` : "",
  };
}
