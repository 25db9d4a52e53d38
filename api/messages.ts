/**
 * Every text the facade writes into a response, in the reference's Chinese
 * and in English. The locale is a setting (LOCALE); Chinese is the default
 * because the documented API answers in Chinese.
 */
export type Locale = "zh" | "en";

const zh = {
  validationFailed: "参数验证失败",
  unauthorized: "未认证",
  forbidden: "无权执行此操作",
  incidentNotFound: "Incident 不存在",
  pluginNotFound: "插件不存在",
  knowledgeNotFound: "知识条目不存在",
  routeNotFound: "接口不存在",
  notFound: "对象不存在",
  decisionPending: "上一个决定尚未处理,请稍后再试",
  proposalChanged: "方案已更新为新的版本,请查看新方案后再批准",
  invalidIncidentId: "必须是 INC-20240115-001 这样的 Incident ID",
  invalidName: "必须是小写字母、数字、- 或 . 组成的名称",
  invalidPath: "URL 不合法",
  invalidRequest: "请求格式不合法 (URL 中的非 ASCII 字符需要百分号编码)",
  internal: "服务器内部错误",
  unavailable: "服务暂不可用,请稍后重试",
  rateLimitedClient: "来自该地址的请求过于频繁,请在 Retry-After 秒后重试",
  rateLimitedTokens: "来自该地址的无效令牌过多,请在 Retry-After 秒后重试",
  rateLimitedUser: "该用户的请求过于频繁,请在 Retry-After 秒后重试",
  conflict: "操作与当前状态冲突",
  alertAccepted: "告警已接收,开始处理",
  alertRecovered: "恢复告警已记录",
  configUpdated: "配置更新成功",
  environmentUpdated: "环境上下文更新成功",
  knowledgeDeleted: "知识条目已删除",
  decisionRecorded: "决定已记录,operator 将执行",
  notAwaitingApproval: "该 Incident 当前没有等待审批或确认的方案",
  alreadyExecuting: "该 Incident 已开始执行,无法拒绝",
  positiveInteger: "必须是正整数",
  pageSizeRange: "必须是 1 到 100 之间的整数",
  invalidDate: "必须是 ISO 8601 日期或日期时间",
  invalidJson: "请求体不是合法的 JSON",
  bodyTooLarge: "请求体过大",
  unsupportedMediaType: "只接受 application/json",
  required: "必填",
  unknownField: "未知字段",
  wrongType: (expected: string) => `类型应为 ${expected}`,
  oneOf: (values: string) => `必须是以下之一: ${values}`,
  tooShort: (min: number | string) => `长度或数值不能小于 ${min}`,
  tooLong: (max: number | string) => `长度或数值不能大于 ${max}`,
  badFormat: (format: string) => `格式不正确 (${format})`,
  invalid: "取值无效",
  emptyUpdate: "至少需要一个字段",
};

type Catalog = typeof zh;

const en: Catalog = {
  validationFailed: "Validation failed",
  unauthorized: "Not authenticated",
  forbidden: "Not allowed to perform this action",
  incidentNotFound: "Incident not found",
  pluginNotFound: "Plugin not found",
  knowledgeNotFound: "Knowledge entry not found",
  routeNotFound: "No such endpoint",
  notFound: "Not found",
  decisionPending: "An earlier decision is still being applied; try again shortly",
  proposalChanged: "The proposal has been replaced by a newer revision; review it before approving",
  invalidIncidentId: "must be an incident id such as INC-20240115-001",
  invalidName: "must be a name of lower-case letters, digits, - and .",
  invalidPath: "invalid URL",
  invalidRequest: "malformed request (non-ASCII characters in a URL must be percent-encoded)",
  internal: "Internal server error",
  unavailable: "Service temporarily unavailable, try again shortly",
  rateLimitedClient: "Too many requests from this address; retry after Retry-After seconds",
  rateLimitedTokens: "Too many refused tokens from this address; retry after Retry-After seconds",
  rateLimitedUser: "Too many requests by this user; retry after Retry-After seconds",
  conflict: "The action conflicts with the current state",
  alertAccepted: "Alert accepted, processing started",
  alertRecovered: "Recovery alert recorded",
  configUpdated: "Configuration updated",
  environmentUpdated: "Environment context updated",
  knowledgeDeleted: "Knowledge entry deleted",
  decisionRecorded: "Decision recorded; the operator will act on it",
  notAwaitingApproval: "The incident has no proposal or diagnosis waiting for a decision",
  alreadyExecuting: "Execution has already started; it can no longer be rejected",
  positiveInteger: "must be a positive integer",
  pageSizeRange: "must be an integer from 1 to 100",
  invalidDate: "must be an ISO 8601 date or date-time",
  invalidJson: "the body is not valid JSON",
  bodyTooLarge: "the body is too large",
  unsupportedMediaType: "only application/json is accepted",
  required: "required",
  unknownField: "unknown field",
  wrongType: (expected: string) => `expected ${expected}`,
  oneOf: (values: string) => `must be one of: ${values}`,
  tooShort: (min: number | string) => `must be at least ${min}`,
  tooLong: (max: number | string) => `must be at most ${max}`,
  badFormat: (format: string) => `invalid format (${format})`,
  invalid: "invalid value",
  emptyUpdate: "at least one field is required",
};

export type MessageKey = keyof Catalog;

/** The message catalog of a locale. */
export function messagesFor(locale: Locale): Catalog {
  return locale === "en" ? en : zh;
}

/** Marks a zod custom error as a catalog key, translated when the error is answered. */
export const messageKey = (key: MessageKey): string => `msg:${key}`;
