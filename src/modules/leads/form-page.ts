/** The hosted seller-lead form and its answers: plain HTML that works without JavaScript. */

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
  body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f6fa;color:#111827;margin:0;padding:24px}
  main{max-width:520px;margin:0 auto;background:#fff;border:1px solid #e5e7eb;border-radius:12px;padding:28px}
  h1{font-size:22px;margin:0 0 6px} p.lead{color:#4b5563;margin:0 0 20px}
  label{display:block;font-weight:600;font-size:14px;margin:14px 0 6px}
  input,textarea{width:100%;box-sizing:border-box;border:1px solid #d1d5db;border-radius:8px;padding:10px;font:inherit}
  textarea{min-height:90px} .row{display:flex;gap:10px} .row>div{flex:1}
  .consent{display:flex;gap:10px;align-items:flex-start;font-weight:400;font-size:13px;color:#374151;margin-top:18px}
  .consent input{width:auto;margin-top:3px}
  .trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
  button{margin-top:20px;width:100%;background:#4f46e5;color:#fff;border:0;border-radius:8px;padding:12px;font-weight:600;font-size:15px;cursor:pointer}
  .error{background:#fef2f2;border:1px solid #fecaca;color:#991b1b;border-radius:8px;padding:10px;margin-bottom:12px}
`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export interface FormValues {
  name?: string;
  phone?: string;
  email?: string;
  address?: string;
  city?: string;
  state?: string;
  zip?: string;
  message?: string;
}

export function leadFormPage(options: {
  tenantName: string;
  action: string;
  consentText: string;
  error?: string;
  values?: FormValues;
}): string {
  const v = options.values ?? {};
  const field = (name: keyof FormValues, label: string, attrs = '') =>
    `<label for="${name}">${label}</label><input id="${name}" name="${name}" value="${escape(v[name] ?? '')}" ${attrs}>`;
  return page(
    `Sell your property — ${options.tenantName}`,
    `<h1>Get a fair cash offer</h1>
<p class="lead">Tell ${escape(options.tenantName)} about your property and how to reach you.</p>
${options.error ? `<div class="error" role="alert">${escape(options.error)}</div>` : ''}
<form method="post" action="${escape(options.action)}">
  ${field('name', 'Your name', 'autocomplete="name" required maxlength="200"')}
  <div class="row"><div>${field('phone', 'Phone', 'type="tel" autocomplete="tel" maxlength="40"')}</div><div>${field('email', 'Email', 'type="email" autocomplete="email" maxlength="320"')}</div></div>
  ${field('address', 'Property address', 'autocomplete="street-address" required maxlength="300"')}
  <div class="row"><div>${field('city', 'City', 'maxlength="100"')}</div><div>${field('state', 'State', 'maxlength="30"')}</div><div>${field('zip', 'ZIP', 'inputmode="numeric" maxlength="10"')}</div></div>
  <label for="message">Anything we should know?</label><textarea id="message" name="message" maxlength="5000">${escape(v.message ?? '')}</textarea>
  <div class="trap" aria-hidden="true"><label for="website">Website</label><input id="website" name="website" tabindex="-1" autocomplete="off"></div>
  <label class="consent"><input type="checkbox" name="consent" value="yes"> <span>${escape(options.consentText)}</span></label>
  <button type="submit">Send</button>
</form>`,
  );
}

/** The thanks page; `notes` name what could not be used, so the person knows how they will be reached. */
export function thanksPage(tenantName: string, notes: string[] = []): string {
  const unused = notes.map((note) => `<p>${escape(note)}</p>`).join('');
  return page(
    'Thank you',
    `<h1>Thank you!</h1><p class="lead">${escape(tenantName)} has your details and will be in touch soon.</p>${unused}`,
  );
}

/** What an admin pastes into their own website: the hosted form in a frame. */
export function embedSnippet(formUrl: string): string {
  return `<iframe src="${escape(formUrl)}" title="Sell your property" style="width:100%;max-width:560px;height:880px;border:0" loading="lazy"></iframe>`;
}
