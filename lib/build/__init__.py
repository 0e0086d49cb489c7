"""The book's machinery, not its methods: generated Colab notebooks (`notebooks`), the offline site (`offline_site`),
results saved from real-model runs (`results`) and the performance page's measurements (`perf`).

    python -m lib.build.notebooks sync        # regenerate book/**/*.ipynb from the .md chapters
    python -m lib.build.results run --profile gemma-2-2b
"""
