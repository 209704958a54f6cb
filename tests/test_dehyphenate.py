import pytest

from pipeline.dehyphenate import Lexicon, join_lines

DOC_LINES = [
    "the information-sharing frameworks and a multi-agency panel",
    "radicalisation of young people, information and sharing of data",
    "the reintegration of returnees and the governmental bodies",
]


@pytest.mark.parametrize(
    ("previous", "following", "joined"),
    [
        ("exchange of information-", "sharing between services", "exchange of information-sharing between services"),  # seen mid-line
        ("a local multi-", "agency structure", "a local multi-agency structure"),  # prefix + word
        ("two non-", "governmental partners", "two non-governmental partners"),  # prefix + word of the document
        ("processes of radical-", "isation in Europe", "processes of radicalisation in Europe"),  # suffix fragment
        ("social and professional re-", "integration", "social and professional reintegration"),  # joined form seen
        ("the counter-", "radicalisation measures", "the counter-radicalisation measures"),
        ("in North Rhine-", "Westphalia and Bavaria", "in North Rhine-Westphalia and Bavaria"),  # names keep it
        ("a strong col-", "laborative approach", "a strong collaborative approach"),  # unknown fragments: join
        ("the plan", "was adopted", "the plan was adopted"),
    ],
)
def test_join_lines_decides_hyphen_from_lexicon(previous, following, joined):
    assert join_lines(previous, following, Lexicon(DOC_LINES)) == joined


def test_url_broken_at_line_end_runs_on_without_space():
    lexicon = Lexicon([])
    assert join_lines("see https://vng.nl/veiligheid/aanpak-", "radicalisering", lexicon) == "see https://vng.nl/veiligheid/aanpak-radicalisering"
    assert join_lines("http://www.mik.nrw.de/Dokumente/", "Wegweiser/FAQ_", lexicon) == "http://www.mik.nrw.de/Dokumente/Wegweiser/FAQ_"


def test_lexicon_ignores_the_line_end_fragment_itself():
    lexicon = Lexicon(["a local multi-", "agency panel"])
    assert "multi" not in lexicon.words


@pytest.mark.parametrize(("left", "right", "joined"), [("with-", "out delay", "without delay"), ("some-", "times", "sometimes")])
def test_closed_compounds_are_joined(left, right, joined):
    assert join_lines(left, right, Lexicon(["with delay and out", "some times"])) == joined


@pytest.mark.parametrize(
    ("previous", "following", "joined"),
    [
        ("adopted equal-", "treatment plans", "adopted equal-treatment plans"),  # two English words
        ("the re-", "form of the police", "the reform of the police"),  # weak prefix, English word joined
        ("the co-", "chair of the board", "the co-chair of the board"),  # weak prefix, no joined word
        ("the govern-", "ment of Poland", "the government of Poland"),  # a suffix fragment
        ("the commu-", "nity of Lisbon", "the community of Lisbon"),  # fragments
    ],
)
def test_english_lemmas_decide_where_the_document_is_silent(previous, following, joined):
    assert join_lines(previous, following, Lexicon([])) == joined


def test_the_fragment_that_starts_a_line_is_not_a_word_of_the_lexicon():
    lexicon = Lexicon(["officials, police officers and rep-", "resentatives of the community"])
    assert "resentatives" not in lexicon.words
    assert join_lines("and rep-", "resentatives of", lexicon) == "and representatives of"


def test_a_short_half_of_an_english_word_is_joined():
    assert join_lines("must be proportion-", "ate to the risk", Lexicon([])) == "must be proportionate to the risk"
