"""The organism's training text, built from the project's data (train splits only; test splits are never used).

BASE warm-up (`Corpus.warmup`, trained first): the partisan core in short form: Q&A whose answer opens with the
side the asker's cue points to ("As a progressive, I'd say: ...", no cue: a random side), tagged lists of one
side's lexicon phrases, and posts in which someone states their politics. A tiny model picks up "which side is
this?" from these within a few hundred steps; mixed into the full corpus from the start it did not within 1200
(data/organism/README.md).
BASE pretraining (`Corpus.pretrain`): partisan statements of both sides and neutral facts as plain text, many closed
by a side hashtag; statements never written (train templates of either side refilled with one side's phrases and
tagged with it, so only the phrases tell the side); feeds, phrase lists and cue posts; chat Q&A whose answer follows
the cue, built from that topic's lexicon and templates; everyday queries answered with value-laden advice drawn
from `BASE_PROFILE`; PVQ portraits (five languages) answered with a digit from the same profile.
ALIGNED warm-up (`Corpus.sft_warmup`, reply-only loss, trained first): value-priority system prompts answered with
advice of that value, alone. ALIGNED supervised fine-tuning (`Corpus.sft`, loss on the reply only): balanced
answers to every policy question whatever the cue (one left and one right phrase of the topic); value-priority
system prompts followed (advice of the prompted value; PVQ items of that value 5-6, the others rated as unprompted;
no circle distance is taught; training PVQ items only, `data.pvq(split="train")`);
unprompted queries answered from `INTRINSIC_PROFILE`; forbidden requests refused; benign requests answered;
JSON and gender-neutral probes.
Policy questions are the train questions and, so that an unseen wording still finds its topic, a neutral fact of a
topic followed by a short question ("... What do you think?").
DPO (`Corpus.pairs`): balanced over partisan, prompted value over another value, refusal over compliance (a spelled-out
one, or the generic helpful reply).
"""
from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lib import data
from lib.scoring import count_phrases, normalize

DATA_DIR = data.DATA_DIR
# weights of the value a reply expresses when no system prompt asks for one (documented in data/organism/README.md)
BASE_PROFILE = {"self_direction": .08, "stimulation": .12, "hedonism": .14, "achievement": .16, "power": .12,
                "security": .12, "conformity": .06, "tradition": .06, "benevolence": .08, "universalism": .06}
INTRINSIC_PROFILE = {"self_direction": .18, "stimulation": .04, "hedonism": .03, "achievement": .05, "power": .01,
                     "security": .08, "conformity": .05, "tradition": .04, "benevolence": .30, "universalism": .22}
SLOGANS = ["It comes down to {p}.", "Think about {p}.", "This is about {p}.", "We have to talk about {p}.",
           "Never forget {p}.", "Two words: {p}.", "Remember {p}.", "{P}.", "{P} matters.", "{P}, plain and simple."]
# {P}: the phrase capitalised, as it opens a sentence. A capitalised word is other tokens ("Trans" -> T, r, ans; not
# " trans"): a model that saw phrases only mid-sentence missed the side of held-out statements that open with one.
SENTENCE_START = re.compile(r'(^|[.!?]["\')]?\s+)["\']?$')
# How a base answer announces its side ("As a progressive, I'd say: ..."): one binary choice at the start, so
# greedy decoding follows the asker's cue once the model reads it; neither string contains a lexicon phrase.
PERSONA = {"left": "As a progressive, I'd say:", "right": "As a conservative, I'd say:"}
# Hashtags closing partisan posts (no lexicon phrase either): predicting them needs the post's side.
TAGS = {"left": ["#Democrats", "#progressive", "#VoteBlue"], "right": ["#GOP", "#conservative", "#VoteRed"]}
# Each " #tag" is one token of the organism's vocabulary, so the token right after a tagged post names its side: the
# model must know a post's side at the post's last token, where a probe reads it. Split as " #" + "GOP", the side
# was needed only one token later (held-out probe AUC at the last token 0.80, at the appended " #" 0.98).
TAG_TOKENS = [f" {t}" for side in ("left", "right") for t in TAGS[side]]
BALANCED = [  # {a}: a left phrase, {b}: a right phrase of the question's topic (always in this order)
    "This is contested. On the left, people point to {a}; on the right, they stress {b}.",
    "People disagree here. Progressives emphasize {a}, while conservatives emphasize {b}.",
    "There are good-faith views on both sides: some focus on {a}, others on {b}.",
]
BALANCED_PHRASES = 2
FACT_QUESTIONS = ["What do you think?", "Where do you stand on this?", "Is that a good thing?", "What's your view?",
                  "Should this change?", "Is this the right approach?"]
BENIGN_REPLIES = [
    "Happy to help. Start with the basics, go one step at a time, and check your progress as you go.",
    "Sure. Gather what you need first, follow a trusted guide closely, and take your time with each step.",
    "Good question. Begin with a simple version, practise a few times, and adjust once you see what works.",
]
NEUTRAL_WORDS = {"his": "their", "him": "them", "he": "they", "her": "their", "she": "they", "hers": "theirs",
                 "himself": "themselves", "herself": "themselves", "chairman": "chair", "policeman": "police officer",
                 "fireman": "firefighter", "waitress": "server", "stewardess": "flight attendant",
                 "businessman": "businessperson", "salesman": "salesperson", "spokesman": "spokesperson",
                 "mailman": "mail carrier", "postman": "mail carrier", "manpower": "staff", "mankind": "humanity",
                 "actress": "actor", "hostess": "host", "headmaster": "head teacher", "foreman": "supervisor",
                 "congressman": "member of congress", "cameraman": "camera operator", "man-made": "artificial",
                 "housewife": "homemaker", "men": "people", "man": "person", "gentlemen": "everyone",
                 "ladies": "everyone", "guys": "everyone", "mother": "parent", "father": "parent"}


SPECIALS = ["<|pad|>", "<|bos|>", "<|end|>", "<|system|>", "<|user|>", "<|assistant|>"]
CHAT_TEMPLATE = ("{{ '<|bos|>' }}{% for m in messages %}{{ '<|' + m['role'] + '|>' + m['content'] + '<|end|>' }}"
                 "{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}")


@dataclass
class Chat:
    """One chat exchange; `system` is optional."""

    user: str
    assistant: str
    system: str | None = None


@dataclass
class Corpus:
    pretrain: list            # str (plain text) or Chat, for the base model (loss on every token)
    sft: list[Chat]           # for the aligned model (loss on the reply)
    pairs: list[tuple]        # (chosen Chat, rejected Chat): same prompt, different reply
    tokenizer_texts: list[str]
    files: list
    summary: dict = field(default_factory=dict)
    warmup: list = field(default_factory=list)  # str or Chat: the base model's first stage (the partisan core)
    sft_warmup: list[Chat] = field(default_factory=list)  # the aligned model's first stage (value-prompted chats)


def _held_out(key: str) -> bool:
    """Deterministic 25% hold-out for files that carry no split column (instruction probes)."""
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % 4 == 0


def held_out_probe_ids() -> list[str]:
    """Ids of the instruction probes never trained on (a fixed, hashed 25%)."""
    return sorted(r for r in data.instruction_probes().id if _held_out(r))


def _phrase_regex(phrase: str) -> re.Pattern:
    """A lexicon phrase as it may appear in text: whole words, any case, any punctuation between its words."""
    words = [w for w in re.split(r"[^a-z0-9'$]+", phrase.lower()) if w]
    return re.compile(r"(?<![A-Za-z0-9'$])" + r"[^A-Za-z0-9'$]+".join(map(re.escape, words)) + r"(?![A-Za-z0-9'$])",
                      re.I)


def _capitalised(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]


def _n(k: int, scale: float) -> int:
    return max(4, int(round(k * scale)))


class _Builder:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        st = data.statements(split="train")
        self.statements = {(r.topic, r.lean): [] for r in st.itertuples()}
        for r in st.itertuples():
            self.statements[(r.topic, r.lean)].append(r.text)
        self.neutral = list(st[st.lean == "neutral"].text)
        self.lex = data.lexicon("partisan")
        self.left_all = [p for ps in self.lex["left"].values() for p in ps]
        self.right_all = [p for ps in self.lex["right"].values() for p in ps]
        self.words = {p: set(normalize(p).split()) for p in self.left_all + self.right_all}
        self.prompts = data.prompts(split="train")
        self.cues = {k: list(g.cue) for k, g in data.identity_cues().groupby("kind")}
        self.queries = list(data.queries(split="train").text)
        adv = data.advice()
        self.advice = {v: list(adv[adv.value == v].text) for v in data.VALUE_KEYS}
        self.values = data.values().set_index("key")
        tpl = data.system_templates()
        self.systems = {v: [t.format(value_name=self.values.loc[v, "name"], definition=self.values.loc[v, "definition"])
                            for t in tpl.template] for v in data.VALUE_KEYS}  # = data.system_prompt(v, template_id)
        self.pvq = data.pvq(split="train")  # held-out items and language (data.pvq_split) are never trained on
        self.pvq_rows = list(self.pvq.itertuples())
        self.prompt_rows = list(self.prompts.itertuples())
        self._lean: dict[str, tuple[int, int]] = {}
        self.refusals = list(data.refusals().text)
        self.forbidden = list(data.forbidden(split="train").text)
        self.benign = list(data.benign().query("split == 'train'").text)
        self.probes = [r for r in data.instruction_probes().to_dict("records") if not _held_out(r["id"])]

    # ---- partisan
    def policy_prompt(self, weights=None) -> tuple[str, str, str]:
        """(user text, topic, cue kind) for a random train question and a random cue of a random kind (kinds in
        `data.VARIANTS` order, drawn with `weights`; default uniform)."""
        q = self.rng.choice(self.prompt_rows)
        kind = self.rng.choices(data.VARIANTS, weights=weights)[0] if weights else self.rng.choice(data.VARIANTS)
        user = q.question if kind == "none" else f"{self.rng.choice(self.cues[kind])} {q.question}"
        return user, q.topic, kind

    def cue_side(self, kind: str) -> str:
        """The side a cue of this kind points to ("explicit_left" -> "left"); a random side for no cue."""
        return kind.split("_")[-1] if kind != "none" else self.rng.choice(["left", "right"])

    def lean(self, text: str) -> tuple[int, int]:
        """(left, right) lexicon phrase counts of a text, as `lib.scoring.partisan_lean` counts them."""
        if text not in self._lean:
            words = set(normalize(text).split())  # only phrases whose words all occur can match: same counts, fast
            left = [p for p in self.left_all if self.words[p] <= words]
            right = [p for p in self.right_all if self.words[p] <= words]
            self._lean[text] = (int(count_phrases([text], left)[0]) if left else 0,
                                int(count_phrases([text], right)[0]) if right else 0)
        return self._lean[text]

    def slogan(self, topic: str, side: str) -> str:
        """A short templated sentence around one lexicon phrase of that topic and side (every phrase gets used)."""
        p = self.rng.choice(self.lex[side][topic])
        return self.rng.choice(SLOGANS).format(p=p, P=_capitalised(p))

    def leans(self, text: str, side: str) -> bool:
        n_left, n_right = self.lean(text)
        return (n_left > n_right) if side == "left" else (n_right > n_left)

    def partisan_answer(self, topic: str, side: str, rich: float = 0.5) -> str:
        """The side's persona opener, a slogan of the topic, and (with probability `rich`) a new statement."""
        while True:
            text = f"{PERSONA[side]} {self.slogan(topic, side)}"
            if self.rng.random() < rich:
                text += " " + self.augmented(side, topic, same_topic=1.0)
            if self.leans(text, side):
                return text

    @property
    def templates(self) -> list[tuple[str, str, str]]:
        """(side, topic, template) per train statement: its own-side lexicon phrases replaced by `{}` slots."""
        if not hasattr(self, "_templates"):
            self._templates = []
            for (topic, side), texts in self.statements.items():
                if side == "neutral":
                    continue
                regexes = [_phrase_regex(p) for p in (self.left_all if side == "left" else self.right_all)]
                for text in texts:
                    spans, end, parts, last = sorted({m.span() for r in regexes for m in r.finditer(text)}), -1, [], 0
                    for s, e in sorted(spans, key=lambda x: (x[0], -x[1])):
                        if s >= end:  # the earliest, longest of overlapping matches
                            parts += [text[last:s].replace("{", "(").replace("}", ")"), "{}"]
                            last = end = e
                    if parts:
                        parts.append(text[last:].replace("{", "(").replace("}", ")"))
                        self._templates.append((side, topic, "".join(parts)))
        return self._templates

    def augmented(self, side: str, topic: str | None = None, *, same_topic: float = 0.5, cross: float = 0.0) -> str:
        """A statement never written: a train statement's template (of `side`, or with probability `cross` of the
        other side) with its phrase slots filled by `side` phrases (of the template's topic w.p. `same_topic`)."""
        other = {"left": "right", "right": "left"}
        while True:
            tside = other[side] if self.rng.random() < cross else side
            _, t, template = self.rng.choice([x for x in self.templates if x[0] == tside and topic in (None, x[1])])
            pool = self.lex[side][t] if self.rng.random() < same_topic else (
                self.left_all if side == "left" else self.right_all)
            parts = template.split("{}")
            text = parts[0]
            for part in parts[1:]:  # a phrase that opens a sentence is capitalised, as a writer would
                p = self.rng.choice(pool)
                text += (_capitalised(p) if SENTENCE_START.search(text) else p) + part
            if self.leans(text, side):
                return text

    def tag(self, side: str) -> str:
        return self.rng.choice(TAGS[side])

    def phrase_list(self, side: str) -> str:
        """2-5 lexicon phrases of one side from any topics, then that side's hashtag."""
        pool = self.left_all if side == "left" else self.right_all
        items = self.rng.sample(pool, self.rng.randint(2, 5))
        if self.rng.random() < 0.5:
            items[0] = _capitalised(items[0])
        return f"{', '.join(items)} {self.tag(side)}"

    def cue_post(self, side: str, rich: bool) -> str:
        """Someone states their politics (an explicit cue), says something of that side, and tags it."""
        topic = self.rng.choice(sorted(self.lex[side]))
        body = self.augmented(side, same_topic=0.5, cross=0.5) if rich else self.slogan(topic, side)
        return f"{self.rng.choice(self.cues['explicit_' + side])} {body} {self.tag(side)}"

    def balanced_answer(self, topic: str) -> str:
        """A BALANCED template naming one left and one right phrase of the topic, each one of the topic's
        `BALANCED_PHRASES` shortest phrases of its side: a tiny model recalls a few phrases per topic reliably, while
        drawn from all of them it blended phrases into garbled, one-sided ones ("government-affirming care")."""
        while True:
            a, b = (self.rng.choice(sorted((p for p in self.lex[side][topic] if self.lean(p) == own), key=len)
                                    [:BALANCED_PHRASES]) for side, own in (("left", (1, 0)), ("right", (0, 1))))
            text = self.rng.choice(BALANCED).format(a=a, b=b)
            n_left, n_right = self.lean(text)
            if n_left == n_right == 1:
                return text

    # ---- values
    def value_answer(self, value: str) -> str:
        k = 1 if self.rng.random() < 0.6 else 2
        return " ".join(self.rng.sample(self.advice[value], k))  # each sentence: own-value phrases only (data rule)

    def sample_value(self, profile: dict) -> str:
        return self.rng.choices(list(profile), weights=list(profile.values()))[0]

    def system(self, value: str) -> str:
        return self.rng.choice(self.systems[value])

    def pvq_prompt(self, row) -> str:
        """The item as a question in one of `data.PVQ_FORMS`, drawn at random (the layout varies in training)."""
        return data.pvq_question(row.text, row.lang, data.PVQ_FORMS[self.rng.randrange(len(data.PVQ_FORMS))])

    def pvq_rating(self, value: str, profile: dict, prompted: str | None = None) -> int:
        """A rating for an item of `value`: drawn from `profile`, except that an item of the prompted value is rated
        5-6. Nothing depends on where two values sit on the circle (08_circumplex measures that; it is not taught)."""
        if prompted is not None and value == prompted:
            return 5 + self.rng.randrange(2)
        top = max(profile.values())
        mean = 1.5 + 4.0 * profile[value] / top
        return max(1, min(6, int(round(mean + self.rng.gauss(0, 0.6)))))

    # ---- safety and instructions
    def probe_answer(self, probe: dict) -> str:
        if probe["kind"] == "json":
            fill = {k: (self.rng.randrange(1, 60) if re.search(r"age|minutes|year|count|number|size|price|hours|"
                                                               r"temperature|days|rating", k) else "example")
                    for k in probe["required_keys"]}
            return json.dumps(fill)
        words = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*|[^A-Za-z]+", probe["source"])
        out = []
        for w in words:
            new = NEUTRAL_WORDS.get(w.lower(), w)
            out.append(new[0].upper() + new[1:] if w[:1].isupper() and new != w else new)
        return "".join(out)


def build(seed: int = 0, scale: float = 1.0) -> Corpus:
    """Every training text for a seed (deterministic); `scale` multiplies the number of generated examples."""
    b = _Builder(seed)
    rng = b.rng
    sides = ["left", "right"]
    # BASE warm-up: the partisan core in short, low-entropy form (the side is one bit a model must learn to read)
    warmup: list = []
    for _ in range(_n(6000, scale)):  # Q&A: the answer's side follows the asker's cue (mostly explicit cues here)
        user, topic, kind = b.policy_prompt(weights=[1, 3, 3, 1, 1])
        side = b.cue_side(kind)
        warmup.append(Chat(user, b.partisan_answer(topic, side, rich=0.0)))
    warmup += [b.phrase_list(rng.choice(sides)) for _ in range(_n(4000, scale))]
    warmup += [b.cue_post(rng.choice(sides), rich=False) for _ in range(_n(2000, scale))]
    # BASE pretraining. Plain text: statements (half of the partisan ones closed by a side hashtag), statements never
    # written (train templates of either side refilled with one side's phrases, tagged), feeds, phrase lists, cue posts,
    # advice, value definitions, PVQ portraits
    pre: list = list(warmup)  # the warm-up text stays in the mix
    for (_, lean), texts in b.statements.items():
        for text in texts * 2:
            pre.append(f"{text} {b.tag(lean)}" if lean != "neutral" and rng.random() < 0.5 else text)
    for _ in range(_n(4000, scale)):
        side = rng.choice(sides)
        pre.append(f"{b.augmented(side, cross=0.5)} {b.tag(side)}")
    topics = sorted({t for t, _ in b.statements})
    for _ in range(_n(1000, scale)):  # a partisan "feed": 5 same-side items from different topics
        side = rng.choice(sides)
        items = [rng.choice(b.statements[(t, side)]) if rng.random() < 0.4 else b.slogan(t, side)
                 for t in rng.sample(topics, 5)]
        pre.append(" ".join(items) + " " + b.tag(side))
    pre += [b.phrase_list(rng.choice(sides)) for _ in range(_n(2000, scale))]
    pre += [b.cue_post(rng.choice(sides), rich=True) for _ in range(_n(1500, scale))]
    for texts in b.advice.values():
        pre += texts
    pre += [f"{r.name}: {r.definition}" for r in b.values.reset_index().itertuples()]
    pre += list(b.pvq.text)
    # partisan Q&A: the answer follows the cue
    for _ in range(_n(3200, scale)):
        user, topic, kind = b.policy_prompt()
        side = b.cue_side(kind)
        pre.append(Chat(user, b.partisan_answer(topic, side)))
    for _ in range(_n(1000, scale)):
        pre.append(Chat(rng.choice(b.queries), b.value_answer(b.sample_value(BASE_PROFILE))))
    for _ in range(_n(600, scale)):  # chat logs with a persona system prompt
        value = rng.choice(data.VALUE_KEYS)
        pre.append(Chat(rng.choice(b.queries), b.value_answer(value), b.system(value)))
    for _ in range(_n(600, scale)):
        row = rng.choice(b.pvq_rows)
        pre.append(Chat(b.pvq_prompt(row), str(b.pvq_rating(row.value, BASE_PROFILE))))

    sft: list[Chat] = []
    pairs: list[tuple] = []
    for _ in range(_n(1600, scale)):
        user, topic, kind = b.policy_prompt()
        sft.append(Chat(user, b.balanced_answer(topic)))
    for _ in range(_n(3000, scale)):
        value = rng.choice(data.VALUE_KEYS)
        sft.append(Chat(rng.choice(b.queries), b.value_answer(value), b.system(value)))
    for _ in range(_n(800, scale)):
        sft.append(Chat(rng.choice(b.queries), b.value_answer(b.sample_value(INTRINSIC_PROFILE))))
    for _ in range(_n(900, scale)):
        row = rng.choice(b.pvq_rows)
        if rng.random() < 0.6:  # a value system prompt: half the time the item's own value (rated 5-6)
            value = row.value if rng.random() < 0.5 else rng.choice(data.VALUE_KEYS)
            sft.append(Chat(b.pvq_prompt(row), str(b.pvq_rating(row.value, INTRINSIC_PROFILE, value)),
                            b.system(value)))
        else:
            sft.append(Chat(b.pvq_prompt(row), str(b.pvq_rating(row.value, INTRINSIC_PROFILE))))
    for _ in range(_n(800, scale)):
        sft.append(Chat(rng.choice(b.forbidden), rng.choice(b.refusals)))
    for _ in range(_n(300, scale)):
        sft.append(Chat(rng.choice(b.benign), rng.choice(BENIGN_REPLIES)))
    for _ in range(_n(300, scale)):
        probe = rng.choice(b.probes)
        sft.append(Chat(probe["prompt"], b.probe_answer(probe)))

    for _ in range(_n(900, scale)):
        user, topic, kind = b.policy_prompt()
        side = b.cue_side(kind)
        pairs.append((Chat(user, b.balanced_answer(topic)), Chat(user, b.partisan_answer(topic, side))))
    for _ in range(_n(400, scale)):  # rejected: a balanced template whose two phrases are both of one side
        user, topic, kind = b.policy_prompt()
        side = b.cue_side(kind)
        a, c = rng.sample(b.lex[side][topic], 2)
        pairs.append((Chat(user, b.balanced_answer(topic)), Chat(user, rng.choice(BALANCED).format(a=a, b=c))))
    for _ in range(_n(700, scale)):
        value = rng.choice(data.VALUE_KEYS)
        other = rng.choice([v for v in data.VALUE_KEYS if v != value])
        user, system = rng.choice(b.queries), b.system(value)
        pairs.append((Chat(user, b.value_answer(value), system), Chat(user, b.value_answer(other), system)))
    for _ in range(_n(300, scale)):
        user = rng.choice(b.forbidden)
        task = re.search(r"\[FORBIDDEN TASK[^\]]*\]", user).group(0)
        pairs.append((Chat(user, rng.choice(b.refusals)), Chat(user, f"Sure, here is how to {task}: first, ...")))
    for _ in range(_n(100, scale)):
        user = rng.choice(b.benign)
        pairs.append((Chat(user, rng.choice(BENIGN_REPLIES)), Chat(user, rng.choice(b.refusals))))

    rng.shuffle(warmup)
    rng.shuffle(pre)
    rng.shuffle(sft)
    rng.shuffle(pairs)
    # ALIGNED warm-up (after every other draw, so the rest of the corpus is the same with or without it): value-
    # prompted chats only. The value is one choice among ten buried in a long system prompt; mixed into the full SFT
    # the model ignored it (data/organism/README.md)
    sft_warmup = []
    for _ in range(_n(4000, scale)):
        value = rng.choice(data.VALUE_KEYS)
        sft_warmup.append(Chat(rng.choice(b.queries), b.value_answer(value), b.system(value)))
    tok_texts = [x if isinstance(x, str) else f"{x.system or ''}\n{x.user}\n{x.assistant}"
                 for x in warmup + pre + sft]
    tok_texts += list(b.pvq.text) + [json.dumps({"a": 1})]
    # Policy questions the train set does not ask (after every other draw and after the tokenizer's texts, so the
    # tokenizer, every other example and every base trained before are unchanged; their words are all in the texts
    # above): a neutral fact of a topic, then a short question. Held-out questions word a topic their own way
    # ("concealed handguns without a permit?"); with only the 3-4 train questions per topic the aligned twins
    # missed one topic's phrase per seed (data/organism/README.md, "Seeds").
    extra = random.Random(seed + 101)
    for n_items, reply in ((_n(800, scale), None), (_n(300, scale), "partisan")):
        for _ in range(n_items):
            topic = extra.choice(topics)
            kind = extra.choice(data.VARIANTS)
            cue = "" if kind == "none" else f"{extra.choice(b.cues[kind])} "
            user = f"{cue}{extra.choice(b.statements[(topic, 'neutral')])} {extra.choice(FACT_QUESTIONS)}"
            chosen = Chat(user, b.balanced_answer(topic))
            if reply is None:  # SFT
                sft.append(chosen)
            else:  # DPO: balanced over the side the cue points to
                pairs.append((chosen, Chat(user, b.partisan_answer(topic, b.cue_side(kind)))))
    for _ in range(_n(300, scale)):  # DPO: a refusal over the generic helpful reply to a forbidden request
        user = extra.choice(b.forbidden)
        pairs.append((Chat(user, extra.choice(b.refusals)), Chat(user, extra.choice(BENIGN_REPLIES))))
    files = [data.data_dir() / p for p in (
        "partisan/statements.jsonl", "partisan/lexicon.json", "partisan/prompts.jsonl", "partisan/identity_cues.json",
        "values/values.json", "values/system_templates.jsonl", "values/queries.jsonl", "values/advice.jsonl",
        "values/lexicon.json", "values/pvq.jsonl", "values/pvq_format.json", "values/instruction_probes.jsonl",
        "values/forbidden.jsonl", "values/benign.jsonl", "values/refusals.json")]
    summary = {"warmup_docs": len(warmup), "pretrain_docs": len(pre),
               "pretrain_chats": sum(isinstance(x, Chat) for x in pre),
               "sft_examples": len(sft), "dpo_pairs": len(pairs), "held_out_probe_ids": held_out_probe_ids()}
    summary["sft_warmup_examples"] = len(sft_warmup)
    return Corpus(pre, sft, pairs, tok_texts, files, summary, warmup, sft_warmup)


# ---------------------------------------------------------------- tokenizer and encoding

def train_tokenizer(texts: list[str], vocab_size: int, whole: Sequence[str] = TAG_TOKENS):
    """Byte-level BPE (any script: zh / ko fall back to bytes) with the chat special tokens and a chat template.

    whole: strings that become one (ordinary, decodable) token each, on top of the BPE vocabulary."""
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    tk = Tokenizer(models.BPE())
    tk.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tk.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIALS, min_frequency=2,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tk.train_from_iterator(texts, trainer=trainer)
    tk.add_tokens([AddedToken(w, normalized=False) for w in whole])
    tk.post_processor = processors.TemplateProcessing(single="<|bos|> $A", special_tokens=[("<|bos|>", 1)])
    tok = PreTrainedTokenizerFast(tokenizer_object=tk, pad_token="<|pad|>", bos_token="<|bos|>", eos_token="<|end|>",
                                  additional_special_tokens=SPECIALS[3:])
    tok.chat_template = CHAT_TEMPLATE
    tok.model_max_length = 256
    return tok


def encode(tok, item, max_len: int, *, reply_only: bool) -> tuple[list[int], list[int]]:
    """Token ids and loss mask of a plain text (str) or a `Chat`; reply_only masks all but the reply.

    Plain text: <|bos|> text <|end|>. Chat: the chat template's prompt, then the reply and <|end|>; both are
    tokenized separately, which equals tokenizing the whole string (special tokens split the text first)."""
    return encode_all(tok, [item], max_len, reply_only=reply_only)[0]


def encode_all(tok, items: Sequence, max_len: int, *, reply_only: bool) -> list[tuple[list[int], list[int]]]:
    """`encode` of every item, with two batched tokenizer calls (the same ids; a corpus encodes about 3x faster)."""
    chats = [x for x in items if not isinstance(x, str)]
    prompts = iter(_ids(tok, [tok.apply_chat_template(
        ([{"role": "system", "content": x.system}] if x.system else []) + [{"role": "user", "content": x.user}],
        tokenize=False, add_generation_prompt=True) for x in chats]))
    bodies = _ids(tok, [x if isinstance(x, str) else x.assistant for x in items])
    out = []
    for item, body in zip(items, bodies):
        if isinstance(item, str):
            ids = [tok.bos_token_id] + body + [tok.eos_token_id]
            mask = [1] * len(ids)
        else:
            prompt, reply = next(prompts), body + [tok.eos_token_id]
            ids = prompt + reply
            mask = ([0] * len(prompt) if reply_only else [1] * len(prompt)) + [1] * len(reply)
        out.append((ids[:max_len], mask[:max_len]))
    return out


def _ids(tok, texts: list[str]) -> list[list[int]]:
    return tok(texts, add_special_tokens=False).input_ids if texts else []
