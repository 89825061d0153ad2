import { roleTemplateFiles, TEMPLATE_FILES } from "@/lib/runtime/template";

export const dynamic = "force-dynamic";

/**
 * The role template, public like a template in S3: CloudFormation (and the sandbox's
 * quick-create page) fetch it without a session. It holds no secret, only the partner's account id.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  const format = file === TEMPLATE_FILES.yaml ? "yaml" : file === TEMPLATE_FILES.json ? "json" : null;
  if (!format) return new Response("Not found", { status: 404 });
  let body: string;
  try {
    body = (await roleTemplateFiles())[format];
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
