/** image_pull_error: the kubelet cannot pull a container's image. */
import type { Evidence } from "../evidence.js";
import { describeContainer, stateMessage } from "../facts/describe.js";
import { describeEvents, findEvents } from "../facts/events.js";
import { allContainers, byTargetThenRestarts, type PodContainer } from "../facts/pods.js";
import { describeRollout, type Rollout } from "../facts/rollout.js";
import { DEFAULT_LOCALE, type Locale } from "../messages.js";
import { rollbackFix } from "./rollback-fix.js";
import { SILENT } from "./workload-fix.js";
import { finding, type Finding, type RuleMatch } from "./types.js";

const PULL_REASONS = new Set(["ErrImagePull", "ImagePullBackOff", "InvalidImageName"]);

/** Why a pull fails, as far as the runtime's message tells. */
type PullCause = "tag" | "auth" | "network" | "invalid" | "unknown";

// Auth before tag: registries answer "pull access denied, repository does not exist or may require authorization".
const CAUSES: [RegExp, PullCause][] = [
  [/InvalidImageName|invalid reference format/i, "invalid"],
  [/unauthorized|denied|authentication required|authorization failed|\b40[13]\b/i, "auth"],
  [/not found|manifest unknown|does not exist/i, "tag"],
  [/no such host|i\/o timeout|connection refused|dial tcp|TLS handshake/i, "network"],
];

/** The cause a pull error message points at. */
export const pullCause = (message: string): PullCause => CAUSES.find(([re]) => re.test(message))?.[1] ?? "unknown";

interface PullMessages {
  causes: Record<PullCause, string>;
  fixes: Record<PullCause, string>;
  conclusion: (reason: string, image: string) => string;
  rootCause: (container: string, image: string, cause: string) => string;
  afterRollout: (revision: number) => string;
  rootCauseFromEvents: string;
  pulling: string;
  rollout: string;
  events: string;
  rollBack: string;
}

const MESSAGES: Record<Locale, PullMessages> = {
  zh: {
    causes: {
      tag: "镜像或标签不存在",
      auth: "镜像仓库拒绝访问（认证失败或缺少 imagePullSecrets）",
      network: "无法连接镜像仓库",
      invalid: "镜像名称格式无效",
      unknown: "镜像无法拉取",
    },
    fixes: {
      tag: "确认镜像标签已推送到仓库，或修正 Deployment 中的镜像",
      auth: "检查 imagePullSecrets 和镜像仓库凭据",
      network: "检查节点到镜像仓库的网络和 DNS",
      invalid: "修正 Deployment 中的镜像名称",
      unknown: "在节点上手动拉取镜像，确认错误原因",
    },
    conclusion: (reason, image) => `镜像拉取失败（${reason}）：${image}`,
    rootCause: (c, image, cause) => `容器 ${c} 的镜像 ${image} 无法拉取：${cause}`,
    afterRollout: (rev) => `；该镜像由 revision ${rev} 的发布引入`,
    rootCauseFromEvents: "事件显示镜像拉取失败，Pod 状态中未见直接记录",
    pulling: "容器停在镜像拉取阶段",
    rollout: "拉取失败的 Pod 全部来自最近一次变更了镜像的发布",
    events: "镜像拉取失败事件",
    rollBack: "回滚到上一个版本，再修正新镜像",
  },
  en: {
    causes: {
      tag: "the image or tag does not exist",
      auth: "the registry denied access (bad credentials or missing imagePullSecrets)",
      network: "the registry cannot be reached",
      invalid: "the image name is invalid",
      unknown: "the image cannot be pulled",
    },
    fixes: {
      tag: "Make sure the tag was pushed to the registry, or fix the image in the Deployment",
      auth: "Check the imagePullSecrets and the registry credentials",
      network: "Check the network and DNS from the nodes to the registry",
      invalid: "Fix the image name in the Deployment",
      unknown: "Pull the image by hand on a node to see the error",
    },
    conclusion: (reason, image) => `Image pull failed (${reason}): ${image}`,
    rootCause: (c, image, cause) => `The image ${image} of container ${c} cannot be pulled: ${cause}`,
    afterRollout: (rev) => `; the image came with the rollout of revision ${rev}`,
    rootCauseFromEvents: "Events show image pulls failing; the pod status does not record it",
    pulling: "The container is stuck pulling its image",
    rollout: "All failing pods come from the latest rollout, which changed the image",
    events: "Image pull failure events",
    rollBack: "Roll back to the previous revision, then fix the new image",
  },
};

/** The image an event names, as in `Failed to pull image "registry/web:1.5.0": ...`. */
const imageInMessage = (message: string | undefined): string => /image "([^"]+)"/.exec(message ?? "")?.[1] ?? "?";

function pullFindings(e: Evidence, failing: PodContainer[], rollout: Rollout | undefined, m: PullMessages): Finding[] {
  const events = findEvents(e, { message: /ErrImagePull|ImagePullBackOff|Failed to pull image|Back-off pulling image/i });
  const lines = failing.slice(0, 3).flatMap((c) => [describeContainer(c.pod, c.status), stateMessage(c.status)]);
  return [
    finding(m.pulling, lines.filter((l) => l !== ""), "describe_pod"),
    ...(rollout === undefined ? [] : [finding(m.rollout, [describeRollout(rollout)], "describe_deployment")]),
    ...(events.length > 0 ? [finding(m.events, describeEvents(events), "get_events")] : []),
  ];
}

function matchFromStatus(e: Evidence, failing: PodContainer[], locale: Locale): RuleMatch {
  const m = MESSAGES[locale];
  const first = failing[0] as PodContainer;
  const reason = first.status.state?.waiting?.reason ?? "ErrImagePull";
  const cause = pullCause(`${reason} ${stateMessage(first.status)}`);
  const fix = rollbackFix(e, failing.map((c) => c.pod), locale, SILENT);
  const { rollout } = fix;
  const afterRollout = rollout === undefined ? "" : m.afterRollout(rollout.revision);
  return {
    mode: "image_pull_error",
    confidence: rollout === undefined ? 0.9 : 0.95,
    conclusion: m.conclusion(reason, first.status.image),
    rootCause: m.rootCause(first.status.name, first.status.image, m.causes[cause]) + afterRollout,
    findings: [...pullFindings(e, failing, rollout, m), ...fix.findings],
    suggestedActions: [...(rollout === undefined ? [] : [m.rollBack]), m.fixes[cause], ...fix.reasons],
    ...(fix.proposal === undefined ? {} : { proposal: fix.proposal }),
  };
}

/** Detects image pull failures in container states (0.9; 0.95 with a rollback after an image-changing rollout) or events (0.7). */
export function detectImagePullError(e: Evidence, locale: Locale = DEFAULT_LOCALE): RuleMatch | undefined {
  const failing = allContainers(e.pods)
    .filter((c) => PULL_REASONS.has(c.status.state?.waiting?.reason ?? ""))
    .sort(byTargetThenRestarts(e.target.container));
  if (failing.length > 0) return matchFromStatus(e, failing, locale);
  const events = findEvents(e, { message: /ErrImagePull|ImagePullBackOff|Failed to pull image/i });
  if (events.length === 0) return undefined;
  const m = MESSAGES[locale];
  return {
    mode: "image_pull_error",
    confidence: 0.7,
    conclusion: m.conclusion("ErrImagePull", imageInMessage(events[0]?.message)),
    rootCause: m.rootCauseFromEvents,
    findings: [finding(m.events, describeEvents(events), "get_events")],
    suggestedActions: [m.fixes[pullCause(events[0]?.message ?? "")]],
  };
}
