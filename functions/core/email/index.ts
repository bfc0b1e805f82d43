// Email content, pure: the compiled artifact's shape, rendering one touch, and what templates may use.
export { CompiledTemplate, Content, CONTENT_FORMAT, templateKey } from './content.js';
export { checkedVariables, renderEmail } from './render.js';
export { InvalidVariablesError, MissingContentError, TemplateNotFoundError, TouchMismatchError, type ContentItem } from './errors.js';
export { Sender, SenderDetails } from './sender.js';
export { KIND_VARIABLES, commonVariableNames, variableNamesOf, type KindVariables } from './variables.js';
export { formatCalendarDate, formatDate, formatDateTime, formatNumber } from './format.js';
export { FOOTER_ITEMS, missingFooterItems, type FooterItem, type MissingFooterItem } from './compliance.js';
export { sampleInput, sampleInputs, type SampleResult } from './samples.js';
export { escapeHtml, oneLine } from './escape.js';
