// P11 帮助：名词解释、参考范围、数据来源与隐私说明 (public: also reachable from the no-archive pages).

import { api } from "../api.js";
import { button, frame, h, loading, mount, stateBlock } from "../ui.js";

function range(r) {
  if (r.male) return `男 ${r.male[0]}～${r.male[1]}，女 ${r.female[0]}～${r.female[1]} ${r.unit}`;
  if (r.low === 0) return `< ${r.high} ${r.unit}`;
  return `${r.low}～${r.high} ${r.unit}`;
}

export async function help() {
  mount(frame("帮助与名词解释", {}, loading()));
  let data;
  try {
    data = await api("/dict/terms", { auth: false });
  } catch (error) {
    mount(frame("帮助与名词解释", {}, stateBlock("！", "暂时无法打开帮助", error.message, button("重试", help))));
    return;
  }
  const groups = new Map();
  for (const t of data.terms) {
    if (!groups.has(t.group)) groups.set(t.group, []);
    groups.get(t.group).push(t);
  }
  mount(
    frame(
      "帮助与名词解释",
      {},
      [...groups].map(([group, terms]) =>
        h("section", { class: "card" }, h("h2", {}, group), terms.map((t) => h("div", {}, h("h3", {}, t.term), h("p", {}, t.text)))),
      ),
      h(
        "section",
        { class: "card" },
        h("h2", {}, "常用检验参考范围"),
        h("dl", { class: "rows" }, data.refRanges.map((r) => h("div", {}, h("dt", {}, r.itemName), h("dd", {}, range(r))))),
        h("p", { class: "small muted" }, data.source),
      ),
    ),
  );
}
