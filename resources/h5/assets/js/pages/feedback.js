// P9 纠错/异议 form and P10 我的反馈.

import { api } from "../api.js";
import { formatDate, frame, h, link, loading, mount, rows, stateBlock } from "../ui.js";
import { failure } from "./home.js";

const ISSUES = [
  ["NOT_RECEIVED", "未接受过该服务"],
  ["WRONG_VALUE", "信息有误"],
  ["NOT_MINE", "不是我本人的记录"],
  ["DISEASE_WRONG", "疾病标识有误"],
  ["OTHER", "其他问题"],
];
const RESOURCES = { SUMMARY: "档案首页", BASIC: "健康档案明细", FOLLOWUP: "随访记录", EXAM: "体检记录" };

export function feedbackNew(query) {
  const type = RESOURCES[query.get("type")] ? query.get("type") : "SUMMARY";
  const ref = query.get("ref") || null;
  const issue = h("select", { id: "issue", name: "issue" }, ISSUES.map(([v, label]) => h("option", { value: v }, label)));
  const text = h("textarea", { id: "description", name: "description", maxlength: "500", required: true, "aria-describedby": "description-hint" });
  const phone = h("input", { id: "phone", name: "phone", type: "tel", inputmode: "tel", autocomplete: "tel", maxlength: "20" });
  const problem = h("p", { class: "error-text", role: "alert" });
  const submit = async (event) => {
    event.preventDefault();
    problem.textContent = "";
    const description = text.value.trim();
    if (!description) {
      problem.textContent = "请填写问题描述。";
      text.focus();
      return;
    }
    const sendButton = form.querySelector("button[type=submit]");
    sendButton.disabled = true;
    try {
      const result = await api("/me/feedback", {
        method: "POST",
        body: { resourceType: type, ref, issueType: issue.value, description, contactPhone: phone.value.trim() || null },
      });
      mount(
        frame(
          "提交成功",
          { backTo: "#/feedback" },
          stateBlock("√", "纠错申请已提交", `受理编号：${result.feedbackNo}。建档机构核实后会在“我的纠错反馈”中答复您，一般不超过 15 个工作日。`, link("查看我的反馈", "#/feedback"), link("返回首页", "#/home", { secondary: true })),
        ),
      );
    } catch (error) {
      sendButton.disabled = false;
      problem.textContent = error.message;
    }
  };
  const form = h(
    "form",
    { class: "card actions", novalidate: true },
    h("p", {}, `涉及内容：${RESOURCES[type]}${ref ? "（已关联当前记录）" : ""}`),
    h("label", { class: "field", for: "issue" }, "问题类型", issue),
    h("label", { class: "field", for: "description" }, "问题描述", text, h("span", { class: "hint", id: "description-hint" }, "请说明哪里不对，最多 500 字。")),
    h("label", { class: "field", for: "phone" }, "联系电话（选填）", phone, h("span", { class: "hint" }, "便于建档机构与您联系核实。")),
    problem,
    h("button", { class: "btn", type: "submit" }, "提交"),
  );
  form.addEventListener("submit", submit);
  mount(frame("提交纠错", { backTo: "#/home" }, h("section", { class: "notice" }, "如发现档案中有您没有接受过的服务、错误的信息或不是您本人的记录，请告诉我们。"), form));
}

export async function feedbackList() {
  mount(frame("我的纠错反馈", {}, loading()));
  let data;
  try {
    data = await api("/me/feedback");
  } catch (error) {
    mount(frame("我的纠错反馈", {}, failure("暂时无法打开反馈记录", error, feedbackList)));
    return;
  }
  const items = data.items.map((f) =>
    h(
      "li",
      { class: "card" },
      h("div", { class: "line1" }, h("strong", {}, f.issueTypeName), h("span", { class: f.status === "RESOLVED" ? "badge ok" : "badge info" }, f.statusName)),
      rows([
        ["受理编号", f.feedbackNo],
        ["涉及内容", f.resourceTypeName],
        ["提交时间", formatDate(f.createdAt)],
        ["处理机构", f.orgName],
        ["联系电话", f.contactPhoneMasked || undefined],
      ]),
      h("p", {}, f.description),
      f.reply ? h("p", { class: "notice" }, `答复（${formatDate(f.repliedAt)}）：${f.reply}`) : h("p", { class: "muted small" }, "等待建档机构核实答复"),
    ),
  );
  mount(
    frame(
      "我的纠错反馈",
      {},
      items.length ? h("ul", { class: "list" }, items) : stateBlock("i", "暂无反馈记录", "如发现档案有误，可以提交纠错。"),
      h("div", { class: "actions" }, link("提交新的纠错", "#/feedback/new?type=SUMMARY")),
    ),
  );
}

