/** Styles after the AWS console's design system (Cloudscape): containers, form fields, status and tables. */
export const CONSOLE_CSS = `
:root { --text: #000716; --muted: #5f6b7a; --line: #e9ebed; --link: #0660b8; --ok: #037f0c; --err: #d91515; --info: #0660b8; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f4f4; color: var(--text); font: 14px/20px "Amazon Ember", "Helvetica Neue", Roboto, Arial, sans-serif; }
a { color: var(--link); }
.top-nav { display: flex; align-items: center; gap: 20px; height: 48px; padding: 0 20px; background: #0f1b2a; color: #fff; }
.top-nav__logo { position: relative; color: #fff; text-decoration: none; font-weight: 700; font-size: 20px; letter-spacing: -0.5px; }
.logo-smile { position: absolute; left: 2px; right: 0; bottom: -4px; height: 5px; border-bottom: 2px solid #ff9900; border-radius: 0 0 60% 60%; }
.top-nav__services { color: #d1d5db; font-weight: 700; }
.top-nav__spacer { flex: 1; }
.top-nav__region { color: #d1d5db; }
.sandbox-badge { background: #ffe347; color: #000716; border-radius: 12px; padding: 2px 10px; font-size: 12px; font-weight: 700; }
.layout { max-width: 1120px; margin: 0 auto; padding: 12px 24px 48px; }
.breadcrumbs ol { list-style: none; display: flex; flex-wrap: wrap; padding: 0; margin: 4px 0 12px; color: var(--muted); }
.breadcrumbs li + li::before { content: "\\203A"; margin: 0 8px; }
.page-header { display: flex; align-items: center; justify-content: space-between; gap: 12px; }
h1 { font-size: 24px; line-height: 30px; margin: 8px 0 20px; }
h2 { font-size: 18px; line-height: 22px; margin: 0; }
h3 { font-size: 16px; margin: 16px 0 8px; }
.container { background: #fff; border-radius: 16px; box-shadow: 0 1px 4px rgba(0, 7, 22, 0.12); margin-bottom: 20px; }
.container__header { padding: 16px 20px 4px; }
.container__header p { margin: 4px 0 0; color: var(--muted); }
.container__body { padding: 12px 20px 20px; }
.field { margin: 0 0 18px; max-width: 640px; }
.field label, .field .label { display: block; font-weight: 700; }
.field .param-name { font-weight: 400; color: var(--muted); margin-left: 6px; }
.field .description { color: var(--muted); font-size: 12px; line-height: 16px; margin: 2px 0 6px; }
.field input[type=text], .field input[type=password], .field select {
  width: 100%; height: 32px; padding: 4px 12px; border: 1px solid #8c8c94; border-radius: 8px; font: inherit; color: inherit; background: #fff; }
.field input:focus, .field select:focus, .btn:focus-visible, .checkbox input:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
.field input[aria-invalid=true] { border-color: var(--err); border-left-width: 4px; }
.field .constraint { color: var(--muted); font-size: 12px; margin-top: 4px; }
.error-text { color: var(--err); font-size: 12px; margin-top: 4px; }
.kv { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 16px; }
.kv dt { color: var(--muted); font-size: 12px; }
.kv dd { margin: 2px 0 0; overflow-wrap: anywhere; }
.alert { border: 2px solid var(--info); border-radius: 12px; background: #f2f8fd; padding: 12px 16px; margin-bottom: 12px; }
.checkbox { display: flex; gap: 8px; align-items: flex-start; }
.checkbox input { margin-top: 3px; width: 16px; height: 16px; }
.actions { display: flex; justify-content: flex-end; gap: 12px; align-items: center; }
.btn { border-radius: 20px; padding: 5px 20px; font: inherit; font-weight: 700; cursor: pointer; border: 2px solid var(--link); background: #fff; color: var(--link); text-decoration: none; }
.btn--primary { background: #ff9900; border-color: #ff9900; color: var(--text); }
.btn--link { border-color: transparent; background: transparent; }
.btn[disabled] { background: #e9ebed; border-color: #e9ebed; color: #9ba7b6; cursor: default; }
.btn--small { padding: 1px 12px; font-size: 12px; }
.flashbar > div { display: flex; gap: 12px; border-radius: 12px; padding: 12px 16px; margin-bottom: 12px; color: #fff; }
.flash--error { background: var(--err); }
.flash--success { background: var(--ok); }
.flash--info { background: var(--info); }
.flash__title { font-weight: 700; }
.flash__message { white-space: pre-wrap; word-break: break-word; }
.status { font-weight: 700; display: inline-flex; gap: 6px; align-items: center; }
.status::before { content: ""; width: 12px; height: 12px; border-radius: 50%; display: inline-block; background: currentColor; }
.status--ok { color: var(--ok); }
.status--err { color: var(--err); }
.status--progress { color: var(--info); }
table { width: 100%; border-collapse: collapse; }
th { text-align: left; font-weight: 700; color: var(--muted); border-bottom: 1px solid var(--line); padding: 8px; }
td { border-bottom: 1px solid var(--line); padding: 8px; vertical-align: top; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
