"""Every real profile on CPU: tiny random models of the same architecture classes, loaded through the real code path
(`lib.models.load` of the Hugging Face id, `from_pretrained` of a checkpoint folder, bitsandbytes for -4bit, sae-lens
SAEs of the release's architecture), never the organism's branch."""
import pytest
import torch

from lib import activations, generations, llm_judge, models, profiles, sae, standin

REAL = [key for key, p in profiles.PROFILES.items() if not p.is_organism]
TEXTS = ["The city council met on Tuesday.", "Taxes and schools"]


@pytest.fixture(scope="module", autouse=True)
def tiny_standins(tmp_path_factory):
    with standin.session("tiny", tmp_path_factory.mktemp("standins")):
        yield


def _arch(model_id: str) -> str:
    return standin.PUBLISHED[model_id][0].replace("Config", "ForCausalLM")


@pytest.mark.parametrize("key", REAL)
def test_every_real_profile_runs_its_models_and_saes_through_the_real_path(key):
    prof = profiles.PROFILES[key]
    roles = (["base"] if prof.base else []) + ["aligned", "judge"]
    acts = {}
    for role in roles:
        model = prof.load(role)
        assert model.name == prof.model_id(role) and model.standin == "tiny"
        assert type(model.hf).__name__ == _arch(model.name)  # Gemma2, Qwen2, Llama, Phi3: the published class
        assert model.system_role == models.REGISTRY[model.name].system_role
        linear4 = [m for m in model.hf.modules() if type(m).__name__ == "Linear4bit"]
        assert bool(linear4) == (prof.quantize == "4bit"), "a -4bit profile loads through bitsandbytes"
        x = activations.collect(model, TEXTS, layers=[0, model.n_layers - 1], position="mean")
        assert x.shape == (2, 2, model.d_model) and torch.isfinite(x).all()
        acts[role] = x
        out = generations.generate_cached(model, ["Is the tax fair?"], max_new_tokens=3, cache=False, progress=False)
        assert len(out) == 1 and isinstance(out[0], str)
        assert models.resident() == [model.name]  # one real model at a time on the CPU
    replies = llm_judge.judge(["a text"], "partisan_lean", prof.judge_model(), max_new_tokens=3)
    assert len(replies) == 1 and (replies[0] is None or -3 <= replies[0] <= 3)  # nonsense text parses as None
    for role, release in prof.saes:
        spec = sae.RELEASES[release]
        layer = spec.layer_near(prof.layer or 0)
        encoder = sae.load(release, spec.sae_id_for(layer))
        assert type(encoder).__name__ == ("JumpReLUSAE" if spec.architecture == "jumprelu" else "StandardSAE")
        model = prof.load(role)
        x = activations.collect(model, TEXTS, layers=[min(layer, model.n_layers - 1)], position="mean")[:, 0]
        assert sae.encode(encoder, x).shape == (2, 64)


def test_a_released_model_loads_again_with_the_same_weights():
    prof = profiles.PROFILES["gemma-2-2b"]
    aligned = prof.load("aligned")
    before = activations.collect(aligned, TEXTS, layers=[1], position="last")
    judge = prof.judge_model()
    assert judge.released and judge.loads in (0, 1)
    judge.hf  # noqa: B018 - using the judge releases the aligned model
    assert aligned.released and models.resident() == [prof.judge]
    after = activations.collect(aligned, TEXTS, layers=[1], position="last")  # loads it again
    assert not aligned.released and judge.released and aligned.loads == 2
    assert torch.equal(before, after)


def test_on_a_gpu_models_stay_while_they_fit(monkeypatch):
    a = models.load("Qwen/Qwen2.5-1.5B-Instruct")
    models.one_at_a_time(False)
    try:
        b = models.load("microsoft/Phi-3.5-mini-instruct")
    finally:
        models.one_at_a_time(True)
    assert not a.released and not b.released
    need = models._need_bytes("google/gemma-2-2b-it", torch.float16, None)
    free = {"bytes": need + 1}
    monkeypatch.setattr(torch.cuda, "mem_get_info", lambda device=None: (free["bytes"], 80 * 2**30))
    models._release_others(None, torch.device("cuda"), need, loading=True)
    assert not a.released and not b.released  # it fits beside both
    free["bytes"] = need - 1
    released = []
    monkeypatch.setattr(models.Model, "release", lambda self: (released.append(self.name),
                                                               free.__setitem__("bytes", need)))
    models._release_others(None, torch.device("cuda"), need, loading=True)
    assert released == ["Qwen/Qwen2.5-1.5B-Instruct"]  # the least recently used goes first, and only it


def test_a_stand_in_checkpoint_is_built_once_and_found_again(monkeypatch, tmp_path):
    first = standin.checkpoint("Qwen/Qwen2.5-1.5B-Instruct", "tiny")
    monkeypatch.setattr(standin, "_ROOT", tmp_path)  # another root later in the process: the built one is kept
    assert standin.checkpoint("Qwen/Qwen2.5-1.5B-Instruct", "tiny") == first
    assert (first / "config.json").is_file() and (first / "tokenizer.json").is_file()
    assert not any(tmp_path.iterdir())
