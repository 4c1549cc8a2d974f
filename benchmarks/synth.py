"""Write a synthetic but realistic collection of N papers into a scratch project.

    python benchmarks/synth.py 10000 /tmp/bench/10000

The project looks like the repository (``mkdocs.yml``, ``overrides`` linked
from it, ``content/pages`` copied) with ``content/`` holding
real YAML records the real generator loads::

    content/topics.yaml              15 topics with descriptions
    content/papers/<id>.yaml         N records

Field lengths follow the real collection: titles of 6-16 words, abstracts of about
1,200 characters, 2-8 authors (a fifth of them with earlier papers: about 10,000
people at 3,000 papers, 28,000 at 10,000), years 2015-2026, about 60 % with an
arXiv id and 40 % with a code link, a third with a short name that other abstracts
sometimes mention.
The same ``N`` and ``seed`` always give byte-identical files.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

TOPICS = [
    ("robot-skill-learning", "Robot skill learning",
     "Robots that acquire manipulation and locomotion skills from demonstrations, "
     "reinforcement learning or play."),
    ("skill-discovery", "Unsupervised skill discovery",
     "Agents that find diverse, distinguishable behaviours without a task reward."),
    ("hierarchical-rl", "Hierarchical reinforcement learning",
     "Options, skills and high-level policies that choose among them."),
    ("humanoid-skills", "Humanoid and character skills",
     "Physics-based characters and humanoid robots that learn skills from motion data."),
    ("llm-skills", "Skills in language models",
     "How large language models acquire, combine and lose skills during training."),
    ("skill-composition", "Skill composition",
     "Combining learned skills into new behaviours, in robots and in language models."),
    ("skill-extraction", "Occupational skill extraction",
     "Finding skills and competences in job postings, resumes and course descriptions."),
    ("skill-taxonomies", "Skill taxonomies",
     "ESCO, O*NET and other inventories of occupations and skills, and linking to them."),
    ("skill-assessment", "Skill assessment from video",
     "Judging how well a person performs a task (surgery, sports, cooking) from video."),
    ("surgical-skill", "Surgical skill",
     "Assessing and teaching surgical skill from kinematics and video."),
    ("agent-skills", "Agent skill libraries",
     "LLM agents that write, store and reuse skills as code or prompts."),
    ("imitation-learning", "Imitation learning",
     "Learning policies from expert demonstrations, with or without actions."),
    ("curriculum-learning", "Curricula for skills",
     "Ordering tasks so that simpler skills are learned before harder ones."),
    ("benchmarks", "Benchmarks and datasets",
     "Datasets, environments and evaluation protocols for skill learning."),
    ("skill-transfer", "Skill transfer",
     "Reusing skills across tasks, bodies, domains and languages."),
]


INITIALS = "ABCDEFGHIJKLMNOPRSTVWY"
# The share of authorships by someone who wrote an earlier paper: a real 3,000-paper
# collection has about 11,500 people, 4,000 of them with two or more papers.
REUSE = 0.2


def _split(text: str) -> list[str]:
    return text.split()


# Domain words, commonest first (drawn Zipf-like), so TF-IDF sees a realistic spread.
WORDS = _split("""
skill skills learning robot policy model language task tasks agent agents data training
demonstrations reinforcement manipulation video assessment extraction humanoid motion
composition benchmark representation diffusion transformer reward hierarchical control
dataset evaluation performance simulation real-world generalization embodied planning
imitation transfer occupational job postings competence taxonomy esco surgical surgery
sports action recognition temporal segmentation pose keypoints trajectory primitives
latent space unsupervised discovery mutual information diversity exploration curriculum
offline online fine-tuning pretraining instruction following reasoning chain thought
emergent abilities scaling compositional generalisation library code tools api planner
locomotion quadruped dexterous grasping in-hand object interaction contact physics
character animation motion-capture retargeting teleoperation household kitchen cooking
assembly insertion long-horizon subgoal option termination value function critic actor
proximal gradient sample efficiency zero-shot few-shot meta-learning adaptation domain
randomization sim-to-real vision-language foundation multimodal tokenizer embedding
contrastive retrieval nearest neighbor annotation crowdsourcing labour market resume
curriculum vitae course syllabus education student teacher feedback rubric score expert
novice ranking pairwise regression classification graph attention memory recurrent
world model prediction uncertainty safety constraint robustness evaluation metric human
study participants accuracy precision recall f1 baseline ablation state-of-the-art
""")
FILLER = _split("""we propose present introduce show that this paper our approach method framework
novel new results experiments demonstrate outperforms existing prior work across several
in of the a an and to for with on from by using based which can be are is into as at
""")
FIRST = _split("""Wei Yuxuan Anna Lukas Maria Hiroshi Priya Omar Sofia Mateo Chen Elena Jakob Aisha
Daniel Laura Kenji Fatima Noah Olga Rahul Sara Tomas Ines Yusuf Mei Carlos Hannah Pierre
Lin Giulia Ahmed Eva Jonas Ana Felix Nadia Ivan Zoe Marco""")
LAST = _split("""Zhang Wang Li Liu Chen Yang Huang Zhao Wu Zhou Smith Johnson Garcia Muller Schmidt
Rossi Silva Kim Park Tanaka Sato Kumar Singh Patel Nguyen Ivanova Novak Jensen Hansen
Andersen Dubois Martin Bernard Lopez Gonzalez Rodriguez Fischer Weber Becker Costa Ali
Haddad Kowalski Nowak Virtanen Larsen Okafor Mensah""")


SYLLABLES = _split("ka ro mi te lu na vo si de pa ri go ne tu la mo zi be fa ki "
             "shu tra ple gon dex vin cor mal pis ter")
# The long tail a real collection has (names of methods, datasets, rarer terms):
# 27,000 pseudo-words behind the domain words, all drawn by Zipf's law.
TAIL = sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES})
VOCABULARY = WORDS + TAIL


def _word(rng: random.Random) -> str:
    # Zipf's law, P(rank = r) ~ 1/r, is a log-uniform rank.
    return VOCABULARY[int(len(VOCABULARY) ** rng.random()) - 1]


def _sentence(rng: random.Random, words: int) -> str:
    parts = [rng.choice(FILLER) if rng.random() < 0.4 else _word(rng) for _ in range(words)]
    text = " ".join(parts)
    return text[0].upper() + text[1:] + "."


def _title(rng: random.Random, serial: int) -> str:
    n = rng.randint(6, 16)
    words = [_word(rng) if rng.random() < 0.75 else rng.choice(FILLER) for _ in range(n - 1)]
    # A serial word keeps titles apart, as real titles are (no near duplicates).
    words.insert(rng.randrange(1, n), f"S{serial:05d}")
    text = " ".join(w.capitalize() if w not in FILLER else w for w in words)
    return text[0].upper() + text[1:]


def _short_name(serial: int) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    a, b = divmod(serial, len(letters))
    return f"Skill{letters[a % len(letters)]}{letters[b]}{serial // 576 or ''}"


def _author(rng: random.Random, people: list[str]) -> str:
    """An author who wrote before (``REUSE``, the more papers the likelier) or a new
    name, with up to two middle initials (a million names, few shared by chance)."""
    if people and rng.random() < REUSE:
        return rng.choice(people)
    middle = "".join(f"{rng.choice(INITIALS)}. " for _ in range(rng.choice([0, 1, 1, 2])))
    return f"{rng.choice(FIRST)} {middle}{rng.choice(LAST)}"


def paper_record(rng: random.Random, serial: int, names: list[str],
                 people: list[str] | None = None) -> tuple[str, dict]:
    people = [] if people is None else people
    title = _title(rng, serial)
    year = rng.randint(2015, 2026)
    month = rng.randint(1, 10 if year == 2026 else 12)  # no ids from the future
    record: dict = {"title": title}
    short = _short_name(serial) if rng.random() < 0.33 else None
    if short:
        record["short_name"] = short
    record["authors"] = list(dict.fromkeys(_author(rng, people)
                                           for _ in range(rng.randint(2, 8))))
    people.extend(record["authors"])
    if rng.random() < 0.6:
        record["arxiv"] = f"{year % 100:02d}{month:02d}.{serial:05d}"  # unique
    else:
        record["year"] = year
    if rng.random() < 0.3:
        record["venue"] = rng.choice(["CoRL", "ICRA", "NeurIPS", "ICLR", "ACL", "EMNLP",
                                      "CVPR", "IROS", "RSS", "ICML", "MICCAI"])
    record["topics"] = rng.sample([t[0] for t in TOPICS], rng.choice([1, 1, 2, 2, 2, 3]))
    links = {}
    if rng.random() < 0.4:
        links["code"] = f"https://github.com/lab{serial % 97}/repo-{serial}"
    if rng.random() < 0.2:
        links["project"] = f"https://lab{serial % 89}.example.org/p{serial}/"
    if links:
        record["links"] = links
    record["added"] = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 27):02d}"
    sentences = []
    while sum(len(s) + 1 for s in sentences) < rng.randint(1000, 1400):
        sentences.append(_sentence(rng, rng.randint(12, 26)))
    if names and rng.random() < 0.15:  # mention an earlier paper by its short name
        sentences.insert(1, f"We build on {rng.choice(names)} and extend it.")
    if rng.random() < 0.05:
        sentences.append("The error falls as $O(1/\\sqrt{n})$ with $n$ demonstrations.")
    record["abstract"] = " ".join(sentences)
    paper_id = "-".join(title.lower().split()[:3]) + f"-{serial}"
    if short:
        names.append(short)
    return paper_id, record


def write_project(n: int, dest: Path, seed: int = 7) -> Path:
    """A scratch project at ``dest`` with ``n`` synthetic records (replaces ``dest``)."""
    if dest.exists():
        shutil.rmtree(dest)
    papers = dest / "content" / "papers"
    papers.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "overrides").symlink_to(REPO / "overrides")
    shutil.copytree(REPO / "content" / "pages", dest / "content" / "pages")
    topics = [{"key": k, "title": t, "description": d} for k, t, d in TOPICS]
    (dest / "content" / "topics.yaml").write_text(
        yaml.safe_dump(topics, sort_keys=False, allow_unicode=True, width=88), encoding="utf-8")
    rng = random.Random(seed)
    names: list[str] = []
    people: list[str] = []
    for serial in range(n):
        paper_id, record = paper_record(rng, serial, names, people)
        text = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=88)
        (papers / f"{paper_id}.yaml").write_text(text, encoding="utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, help="number of papers")
    parser.add_argument("dest", type=Path, help="scratch project folder (replaced)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    write_project(args.n, args.dest, args.seed)
    print(f"{args.n} papers written to {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
