import { ORGANIZATION_TEMPLATE_FILES, organizationTemplateFiles, roleTemplateFiles, TEMPLATE_FILES } from "@/lib/runtime/template";

const FILES: Record<string, { format: "yaml" | "json"; files: () => Promise<{ yaml: string; json: string }> }> = {
  [TEMPLATE_FILES.yaml]: { format: "yaml", files: roleTemplateFiles },
  [TEMPLATE_FILES.json]: { format: "json", files: roleTemplateFiles },
  [ORGANIZATION_TEMPLATE_FILES.yaml]: { format: "yaml", files: organizationTemplateFiles },
  [ORGANIZATION_TEMPLATE_FILES.json]: { format: "json", files: organizationTemplateFiles },
};

export const dynamic = "force-dynamic";

/**
 * The role template and the organisation (StackSet) template, public like a template in S3: CloudFormation (and the sandbox's
 * quick-create page) fetch it without a session. It holds no secret, only the partner's account id.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  const served = Object.hasOwn(FILES, file) ? FILES[file] : undefined;
  if (!served) return new Response("Not found", { status: 404 });
  const { format } = served;
  let body: string;
  try {
    body = (await served.files())[format];
  } catch {
    return new Response("The role template is not available: the partner's AWS identity is unknown.", { status: 503 });
  }
  return new Response(body, {
    headers: {
      "Content-Type": format === "yaml" ? "application/yaml; charset=utf-8" : "application/json; charset=utf-8",
      "Content-Disposition": `inline; filename="${file}"`,
      "Cache-Control": "public, max-age=300",
    },
  });
}
