import { HtmlValidate, type ConfigData } from 'html-validate';

// The one html-validate configuration of the page tests: the standard preset, with only these
// rules changed (each with its reason).
const HTML_VALIDATE_CONFIG: ConfigData = {
  extends: ['html-validate:standard'],
  rules: {
    // EJS output keeps the author's line layout; trailing spaces or long lines say nothing about validity
    'no-trailing-whitespace': 'off',
    'long-title': 'off',
  },
};

const htmlValidator = new HtmlValidate(HTML_VALIDATE_CONFIG);

export interface HtmlProblem {
  ruleId: string;
  message: string;
  line: number;
  selector: string | null;
}

export async function validateHtml(html: string): Promise<HtmlProblem[]> {
  const report = await htmlValidator.validateString(html);
  return report.results.flatMap((r) => r.messages.map((m) => ({ ruleId: m.ruleId, message: m.message, line: m.line, selector: m.selector })));
}
