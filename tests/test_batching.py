"""lib.batching: one BOS, left and right padding, and the out-of-memory rule (halve, retry, give up at 1)."""
import pytest
import torch
from conftest import make_tokenizer

from lib import batching
from lib.errors import BadInput, OutOfMemory

BOS, PAD = 2, 1  # the tiny tokenizer's ids (tests/conftest.py)


@pytest.fixture(scope="module")
def tok():
    return make_tokenizer()


# ---------------------------------------------------------------- BOS
def test_bos_is_added_to_raw_text_and_never_doubled_on_chat_text(tok):
    chat = tok.apply_chat_template([{"role": "user", "content": "the tax"}], tokenize=False, add_generation_prompt=True)
    assert chat.startswith("<bos>")
    raw, formatted = batching.encode(tok, ["the tax", chat])
    ids = tok.convert_tokens_to_ids
    assert raw == [BOS, ids("the"), ids("tax")]
    assert formatted == [BOS, ids("<user>"), ids("the"), ids("tax"), ids("<end>"), ids("<assistant>")]
    assert formatted.count(BOS) == 1
    # templated=True: the text came from model.chat, whose template decides the BOS; none is added
    assert batching.encode(tok, ["the tax"], templated=True) == [[ids("the"), ids("tax")]]
    assert batching.adds_bos(tok, "the tax") and not batching.adds_bos(tok, chat)


def test_encode_keeps_input_order_across_its_two_tokenizer_calls(tok):
    texts = ["<bos> gun", "the", "<bos> a vote", "law"]
    rows = batching.encode(tok, texts)
    assert rows == [tok(t, add_special_tokens=not t.startswith("<bos>"))["input_ids"] for t in texts]
    assert [r.count(BOS) for r in rows] == [1, 1, 1, 1]
    with pytest.raises(BadInput, match="list of strings"):
        batching.encode(tok, "the tax")


# ---------------------------------------------------------------- padding
def test_right_and_left_padding_shapes_and_masks():
    rows = [[5, 6, 7], [8], [9, 10]]
    ids, mask = batching.pad(rows, PAD)
    assert ids.tolist() == [[5, 6, 7], [8, PAD, PAD], [9, 10, PAD]] and ids.dtype == torch.long
    assert mask.tolist() == [[1, 1, 1], [1, 0, 0], [1, 1, 0]]
    ids, mask = batching.pad(rows, PAD, side="left")
    assert ids.tolist() == [[5, 6, 7], [PAD, PAD, 8], [PAD, 9, 10]]
    assert mask.tolist() == [[1, 1, 1], [0, 0, 1], [0, 1, 1]]
    weights, mask = batching.pad([torch.tensor([0.0, 1.0]), torch.tensor([1.0])], dtype=torch.float32)
    assert weights.tolist() == [[0.0, 1.0], [1.0, 0.0]] and weights.dtype == torch.float32
    assert batching.pad_id(make_tokenizer()) == PAD
    with pytest.raises(BadInput, match="side"):
        batching.pad(rows, side="middle")


# ---------------------------------------------------------------- out of memory
def _runner_fitting(limit: int, seen: list, wrap: bool = False):
    """A fake forward: fails with CUDA OOM on a batch longer than `limit` (wrapped in another error if `wrap`)."""
    def run(batch):
        seen.append(len(batch))
        if len(batch) > limit:
            if wrap:  # as nnsight re-raises an error from inside its trace
                try:
                    raise torch.cuda.OutOfMemoryError("CUDA out of memory")
                except torch.cuda.OutOfMemoryError as err:
                    raise RuntimeError("error inside the trace") from err
            raise torch.cuda.OutOfMemoryError("CUDA out of memory")
        return [10 * x for x in batch]
    return run


def test_oom_halves_the_batch_retries_and_keeps_input_order():
    seen = []
    out = list(batching.halving(list(range(7)), 8, _runner_fitting(2, seen), message="shrink x"))
    assert seen == [7, 4, 2, 2, 2, 1]  # 8 -> 4 -> 2 (fits), and 2 stays: 2, 2, then the last one
    assert [b for b, _ in out] == [[0, 1], [2, 3], [4, 5], [6]]
    assert [y for _, ys in out for y in ys] == [10 * x for x in range(7)]
    seen = []
    assert len(list(batching.halving(list(range(3)), 4, _runner_fitting(1, seen, wrap=True), message="m"))) == 3
    assert seen == [3, 2, 1, 1, 1]  # an OOM found in the chain of causes counts too


def test_oom_at_batch_size_one_raises_out_of_memory_saying_what_to_shrink():
    seen = []
    with pytest.raises(OutOfMemory, match=r"^even at 1 \(asked 4\): shrink max_tokens$"):
        list(batching.halving(list(range(5)), 4, _runner_fitting(0, seen),
                              message="even at 1 (asked {batch_size}): shrink max_tokens"))
    assert seen == [4, 2, 1]


def test_other_errors_pass_through_and_a_bad_batch_size_is_refused():
    def broken(batch):
        raise ValueError("not memory")

    with pytest.raises(ValueError, match="not memory"):
        list(batching.halving([1, 2], 2, broken, message="m"))
    with pytest.raises(BadInput, match="at least 1"):
        list(batching.halving([1, 2], 0, broken, message="m"))
    assert list(batching.halving([], 4, broken, message="m")) == []
