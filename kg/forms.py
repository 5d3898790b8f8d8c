"""The form of a short English phrase: is it an event, a characteristic, or uncertain?

Commonsense heads and tails are free phrases ("to get a phone", "PersonX goes home", "happy").
What a phrase *is* can often be read from its form alone, whichever relation uses it:

=================  ============================================================================
form               phrases
=================  ============================================================================
``event``          an infinitive ("to eat", "to get a phone"); a clause with a person as subject
                   ("PersonX goes home", "they cry"); a phrase opened by a verb ("eat dinner",
                   "gets wet", "going home", "relax"; a verb that is also a noun or an adjective
                   only when an object or particle follows: "play the game", "clean up", but
                   not "play area"; a lone -ing word never: "giving" may mean generous)
``characteristic`` adjectives, alone or joined by and / or / commas, with degree words and
                   negation ("happy", "very tired", "not satisfied", "kind and caring"): a word
                   of the lexicon below, an adjective by its suffix (-ful, -less, -ous, -ive,
                   -able / -ible), a participle of feeling or character ("relieved",
                   "skilled"), "un" + one of those, a hyphenated compound ending in -ed / -ing
                   ("open-minded", "hard-working")
``None``           anything else: noun phrases ("a phone", "kitchen", "companionship"), copular
                   phrases ("feels happy", "is happy", "in love"), possessives ("PersonX's car"),
                   passives ("arrested", "read by many": an event as often as a state)
=================  ============================================================================

No class is given to noun phrases: annotators use a bare noun for an event ("a phone" as what
PersonX needs: to have a phone) as often as for a thing, and abstract nouns ("fear",
"companionship") are neither. The rules are meant to be *sure* when they give a form: a phrase
they cannot place is left uncertain, so that a right tail is not rejected for its wording.

:func:`phrase_form` works on the label as :func:`kg.iri.normalize_label` keys it (case-folded,
edge punctuation stripped), so the labels of one minted IRI ("Happy", "happy.") share a form.
Results are cached per label. Cost: about 2 µs a new label (the 22,375 labels of the ATOMIC
sample), under 1 µs a cached one. spaCy's tagger (``en_core_web_sm``, parser and NER off) was
measured at 0.4 ms a label, and tags one-word phrases wrongly ("closet" as a verb, "kind" as an
adverb, "cries" as a noun), so it is not used.

On the shipped ATOMIC 2020 sample, the forms type 81 % of the tails of event relations as events
and 85 % of the tails of xReact / oReact / xAttr / HasProperty as characteristics; 29 of the
12,132 human tails (0.24 %) get a form disjoint with their relation's range ("sad" as an xEffect,
"upset" as an xIntent), and none of the 26,641 COMET-BART generations.

A domain opts in by annotating its classes with the forms they type (see ``ontologies/README.md``
and :mod:`kg.validate`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib import Graph, URIRef

from kg.iri import normalize_label
from kg.namespaces import BASE
from kg.ontology import DomainLike, ontology_of

__all__ = ["phrase_form", "is_verb", "typed_by_form", "FORMS", "EVENT", "CHARACTERISTIC", "PHRASE_FORM"]

EVENT = "event"
CHARACTERISTIC = "characteristic"
FORMS = (EVENT, CHARACTERISTIC)

PHRASE_FORM = URIRef(BASE + "vocab#phraseForm")
"""``C kg:phraseForm "event"`` in a domain's ontology: phrases of that form are ``C``s (an
``owl:AnnotationProperty``; a domain with such annotations is typed by form, see
:mod:`kg.validate`)."""

_TOKEN = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?(?:-[a-z0-9]+)*|[^\sa-z0-9]")

# -- people as subjects ---------------------------------------------------------------------------

_SUBJECTS = frozenset(
    "personx persony personz he she they we i you someone somebody everyone everybody nobody".split()
)
_NOT_A_PREDICATE = frozenset("and or & , / 's \u2019s".split())

# -- words that mark what follows a verb as its object / complement --------------------------------

_DETERMINERS = frozenset(
    """
    a an the this that these those his her their my your our its some any every each no another
    all both many much several personx's persony's personz's
    """.split()
)
_OBJECTS = frozenset(
    """
    him her them me us it someone somebody something anything everything nothing everyone others
    personx persony personz
    """.split()
)
_PARTICLES = frozenset("up down off out away back around over".split())
_PREPOSITIONS = frozenset("to for with at in on into onto from by about through after before home".split())
_OBJECT_START = _DETERMINERS | _OBJECTS | _PARTICLES
"""What opens the object or particle of a verb that is also a noun: "clean the house", "warm up"."""

# words after "to" that make "to X" a place or a recipient, not an infinitive ("to school")
_NOT_INFINITIVE = _DETERMINERS | _OBJECTS | _PREPOSITIONS | frozenset(
    """
    school bed church town college jail prison court class market hospital dinner lunch breakfast
    work office university
    """.split()
)

# -- verbs -----------------------------------------------------------------------------------------

# Verbs whose base form rarely opens a noun phrase or is an adjective: a phrase that starts with
# one of them (or its -s form) is an event.
_STRICT_VERBS = frozenset(
    """
    accept achieve acquire add admire admit adopt advise afford agree allow announce annoy
    apologize apologise appreciate argue arrange arrive ask assist attend avoid bake bathe beg
    begin believe belong blush borrow bother breathe bring build bury buy carry celebrate choose
    clap climb collect come compete complain concentrate confess confront congratulate consider
    continue convince create cry decide declare defend deliver deny describe deserve destroy
    develop die dig disagree disappear discover discuss do donate drown earn eat educate
    embarrass encourage enjoy enter examine expect explain explore fail fetch fill find flee
    follow forget forgive freeze frown gain gather get give go grab greet grow happen have hear
    hide hire hold hug hurry ignore imagine improve include inform injure insist inspect install
    introduce invest invite join jump keep kill know laugh lay learn leave lend listen lose
    make marry meet mention need obey obtain occur own_ persuade prefer prepare pretend prevent
    protect prove provide punish pursue put quit read realize realise receive recognize
    recognise recommend recover reduce refuse regain relax remember remind remove replace respond
    retire reveal rob save say scream see seek sell send serve shout shut sing sit skip smile
    solve speak spend steal succeed suffer suggest suppose survive swear take teach tell thank
    think understand unlock upload use wait wake want warn wear weep win wipe write yell
    """.replace("own_", "").split()
)

# Verbs that are as often nouns or adjectives ("play area", "clean room", "a watch"): an event
# only when an object or a particle follows ("play the game", "clean up"), or as a lone -s form.
_MIXED_VERBS = frozenset(
    """
    act answer approach arrest attack attempt beat bend bet bike bite blame block blow book break
    brush burn call catch chase chat cheat check cheer chop clean clear comb complete contact cook
    cough count cover crash cross cut dance date deal defeat delay design divorce draw dream dress
    drink drive drop dry dust empty end escape exercise express face fall feed fight film finish
    fire fish fix fly form guess hand harm hate help hit hope hunt iron jog joke kick kiss land
    lead lie light live load lock mail mark match mind miss mop move name nap notice offer order
    pack paint park party pass pay phone pick picture place plan plant play point post pour
    practice practise present print promise pull purchase push race rain raise reach release rent
    repair repeat reply report request rescue rest return ride ring rise rock roll run rush sail
    schedule score search set shake share shop show shower sign sing sink ski sleep slip smell
    smoke snack snow spill split spray stand start stay step stick sting stop store stretch strike
    struggle study support surf surprise sweat swim swing talk taste tear text throw tie tidy touch
    tour trade train travel treat trip trust turn type visit vote walk wash waste watch water wave
    weigh whisper wish wonder work worry wrap
    """.split()
) - _STRICT_VERBS
# copular and perception verbs: "feels happy", "is tired", "looks good" describe a state as
# often as an event; phrases opened by them are left uncertain
_COPULAR = frozenset(
    """
    be is are am was were been being feel feels feeling felt seem seems seemed look looks looked
    appear appears sound sounds become becomes became remain remains stay stays
    """.split()
)

# -s forms that are as often plural nouns ("leaves", "needs"): an event only with more words
_PLURAL_NOUNS = frozenset(
    """
    leaves needs wants uses finds makes reads wins says sets pays cuts gains earnings thanks
    belongings savings lives means goods
    """.split()
)
# -ing forms that are as often nouns ("a building", "the meeting")
_ING_NOUNS = frozenset(
    """
    building meeting living beginning ending gathering setting filling reading writing being
    feeling offering hearing saving earning wedding painting drawing dressing clothing evening
    morning opening finding belonging understanding
    """.split()
)

_IRREGULAR_3SG = {"be": "is", "have": "has", "do": "does", "go": "goes"}


def _third_person(verb: str) -> str:
    if verb in _IRREGULAR_3SG:
        return _IRREGULAR_3SG[verb]
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if verb.endswith("y") and len(verb) > 1 and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _gerunds(verb: str) -> set[str]:
    """The -ing forms of ``verb`` (both spellings where doubling is unsure: "visiting", "running")."""
    if verb.endswith("ie"):
        return {verb[:-2] + "ying"}
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and verb != "be":
        return {verb[:-1] + "ing"}
    out = {verb + "ing"}
    if len(verb) >= 3 and verb[-1] not in "aeiouwxy" and verb[-2] in "aeiou" and verb[-3] not in "aeiou":
        out.add(verb + verb[-1] + "ing")  # run -> running, shovel -> shovelling
    return out


def _finite(verbs: frozenset[str]) -> frozenset[str]:
    """Base and -s forms."""
    return frozenset((set(verbs) | {_third_person(v) for v in verbs}) - _COPULAR)


def _ing(verbs: frozenset[str]) -> frozenset[str]:
    return frozenset({g for v in verbs for g in _gerunds(v)} - _COPULAR - _ING_NOUNS)


_STRICT_FINITE, _STRICT_ING = _finite(_STRICT_VERBS), _ing(_STRICT_VERBS)
_MIXED_FINITE, _MIXED_ING = _finite(_MIXED_VERBS), _ing(_MIXED_VERBS)
_THIRD_PERSON = frozenset(_third_person(v) for v in _STRICT_VERBS | _MIXED_VERBS) - _PLURAL_NOUNS - _COPULAR

# -- adjectives ------------------------------------------------------------------------------------

# Common adjectives of feeling, character and physical property. Words that are as often nouns
# ("patient", "content", "fun", "native") or verbs ("hurt", "love") are left out on purpose.
_ADJECTIVES = frozenset(
    """
    able absent abusive active adventurous afraid aggressive agitated alert alive alone aloof
    amazing ambitious amused amusing angry annoyed annoying anxious apathetic appreciative
    apprehensive arrogant ashamed assertive astonished attentive attractive awake aware awesome
    awful awkward bad beautiful big bitter bland  bold bored boring bossy brave bright
    brilliant broke brutal busy calm capable careful careless caring cautious charming cheap
    cheerful chilly clever clumsy  comfortable compassionate competent competitive confident
    confused considerate content contented cool cooperative courageous cowardly cozy crazy
    creative cruel curious cute dangerous daring dead decent decisive dedicated defensive
    delighted dependable depressed desperate determined devastated devoted diligent dirty
    disappointed disgusted dishonest disorganized distracted distraught distressed dizzy
    drunk dull dumb eager easy ecstatic efficient elated embarrassed emotional empathetic empty
    energetic enthusiastic envious euphoric evil excellent excited exhausted  faithful famous
    fantastic  fearful fearless fine  flexible focused foolish forgetful forgiving fragile
    frank free friendly frightened frustrated full funny furious generous gentle genuine giddy
    glad gleeful gloomy good gorgeous graceful gracious grateful great greedy grouchy grumpy
    guilty gullible handsome happy hard hardworking harsh hateful healthy heartbroken heavy
    helpful helpless heroic hesitant honest hopeful hopeless horrible hostile hot humble
    humiliated hungry hurtful ignorant ill impatient important impressed impulsive incompetent
    independent indifferent industrious innocent inquisitive insecure inspired intelligent
    interested interesting irresponsible irritable irritated jealous jolly joyful joyous kind
    kindhearted knowledgeable large lazy lonely lost loud lovely loving loyal lucky mad mature
    mean merry messy miserable modest moody motivated naive nasty naughty neat needy negative
    neglectful nervous neutral nice noisy nostalgic obedient observant obsessive old optimistic
    organized outgoing overjoyed overwhelmed pained panicked paranoid passionate patient_
    peaceful persistent pessimistic petty playful pleasant pleased polite poor popular positive
    powerful practical precise prepared pretty productive proud prudent punctual quick quiet
    rational ready reasonable rebellious reckless refreshed relaxed reliable relieved reluctant
    remorseful resentful resourceful respectful responsible restless rich romantic rude ruthless
    sad  satisfied scared selfish selfless sensible sensitive serious shallow shy sick silly
    sincere skilled skillful skinny sleepy slippery slow sly small smart smooth sneaky sociable
    social soft sorry sour spiteful spontaneous stingy strict strong stubborn stupid successful
    supportive sure surprised suspicious sweet sympathetic talented talkative tall tense terrible
    terrified thankful thirsty thoughtful thrilled tidy timid tired tolerant tough trustworthy
    truthful ugly uncomfortable understanding uneasy unhappy unlucky unwell upset useful useless
    vain victorious vindictive violent vulnerable warm wary weak wealthy weary weird  wet
    wicked wise witty wonderful worried worthless worthy wrong young zealous
    """.replace("patient_", "").split()
)

# Participles of feeling and character (psych verbs: what annoys, surprises, relieves...).
_PARTICIPLES = frozenset(
    """
    accomplished agitated alarmed amazed amused angered annoyed appalled appreciated ashamed
    astonished attached awed baffled betrayed bewildered bored bothered calmed challenged
    charmed cheered comforted committed concerned confused connected contented convinced
    crushed cultured dazed dedicated defeated dejected delighted depressed deprived
    determined devastated disappointed discouraged disgusted disheartened dismayed displeased
    distracted distressed disturbed drained educated elated embarrassed emboldened empowered
    enchanted encouraged energized engaged enlightened enraged entertained enthralled
    enthused esteemed exasperated excited exhausted experienced fascinated fatigued flattered
    flustered focused fooled freaked frightened frustrated fulfilled gifted gratified grieved
    guarded harassed heartened honored honoured horrified humbled humiliated hurried informed
    inspired insulted interested intimidated intrigued invigorated irritated isolated jaded
    learned liked loved mortified motivated moved mystified neglected obligated offended
    organized organised outraged overjoyed overwhelmed overworked pained panicked perplexed
    petrified pleased pressured prepared privileged provoked puzzled qualified rattled
    reassured refreshed rejected rejuvenated relaxed relieved renewed reserved resented
    respected restored revitalized rewarded satiated satisfied scared shaken shamed shocked
    skilled sophisticated spoiled startled stimulated stressed stumped stunned surprised
    talented tempted terrified threatened thrilled tired tormented touched traumatized
    troubled trusted unappreciated unloved uplifted upset valued vexed vindicated wanted
    wasted weakened welcomed worn worried wounded
    """.split()
)

_DEGREE = frozenset(
    """
    very really so too more most less least quite extremely super pretty rather fairly somewhat
    slightly totally completely truly deeply highly overly incredibly utterly a bit little lot
    not very much even still also always often sometimes
    """.split()
)
_JOINERS = frozenset("and or but , / & yet".split())

_FUL_NOUNS = frozenset("handful mouthful spoonful cupful armful bucketful fistful plateful".split())
_LESS_NOT = frozenset("unless nevertheless".split())
_IVE_NOUNS = frozenset(
    """
    detective relative executive representative initiative alternative perspective incentive
    narrative objective explosive adhesive sedative laxative additive preservative locomotive
    captive fugitive conservative collective directive operative archive missive motive olive
    native expletive superlative imperative derivative
    """.split()
)
_ABLE_NOUNS = frozenset(
    """
    vegetable vegetables timetable constable syllable parable turntable convertible collectible
    deductible variable notable receivable
    """.split()
)
@lru_cache(maxsize=1 << 16)
def _is_adjective(word: str) -> bool:
    if word in _ADJECTIVES:
        return True
    if "-" in word:
        last = word.rsplit("-", 1)[-1]
        return len(last) > 3 and (last.endswith(("ed", "ing")) or last in _ADJECTIVES)
    n = len(word)
    if word.startswith("un") and word[2:] in _ADJECTIVES:
        return True
    if n > 5 and word.endswith("ful"):
        return word not in _FUL_NOUNS
    if n > 5 and word.endswith("less"):
        return word not in _LESS_NOT
    if n > 4 and word.endswith("ous"):
        return True
    if n > 5 and word.endswith("ive") and not word.endswith("eive"):
        return word not in _IVE_NOUNS and word not in _STRICT_VERBS
    if n >= 7 and word.endswith(("able", "ible")):
        return word not in _ABLE_NOUNS
    return False


def _is_participle(word: str) -> bool:
    """A past participle that names a feeling or a trait ("relieved", "skilled"), not something
    done to someone ("arrested", "praised": an event as often as a state)."""
    return word in _PARTICIPLES or (word.startswith("un") and word[2:] in _PARTICIPLES)


def _characteristic(tokens: list[str]) -> bool:
    """Adjectives (or participles), with degree words, joined by and / or / commas."""
    words = 0
    for i, t in enumerate(tokens):
        if t in _JOINERS:
            if i == 0 or i == len(tokens) - 1:
                return False
            continue
        if t in _DEGREE or t == "a":  # "a bit", "a little"
            continue
        if _is_adjective(t) or _is_participle(t):
            words += 1
            continue
        return False
    return words > 0


def _event(tokens: list[str]) -> bool:
    first = tokens[0]
    n = len(tokens)
    if first == "to":  # an infinitive, not "to school" / "to PersonY"
        second = tokens[1] if n >= 2 else ""
        return bool(second) and second not in _NOT_INFINITIVE and second.isalpha()
    if first in _SUBJECTS:  # a clause: "PersonX goes home"; not "PersonX and PersonY", "they feel sad"
        if n < 2:
            return False
        second = tokens[1]
        return not (second in _NOT_A_PREDICATE or second in _JOINERS or second in _COPULAR
                    or _is_adjective(second) or _is_participle(second))
    if first in _COPULAR or first in _ADJECTIVES:
        return False
    if n == 1:  # "relax", "cries"; not "leaves", "walk", "giving" (generous)
        return first in _THIRD_PERSON or (first in _STRICT_FINITE and first not in _PLURAL_NOUNS)
    second = tokens[1]
    if second == "by":  # a passive ("read by many people", "let down by PersonY")
        return False
    if first in _STRICT_FINITE:  # "eat dinner", "gets wet"
        return True
    if first in _MIXED_FINITE or first in _STRICT_ING or first in _MIXED_ING:
        # "play the game", "eating the cake", "going home"; not "play area", "swimming pool"
        return second in _OBJECT_START or (first not in _MIXED_FINITE and second in _PREPOSITIONS)
    return False


def tokens_of(key: str) -> list[str]:
    """The words of a normalised label ("person x" joined as "personx")."""
    tokens = _TOKEN.findall(key)
    out: list[str] = []
    for t in tokens:
        if out and out[-1] == "person" and t in ("x", "y", "z"):
            out[-1] = "person" + t
        elif out and out[-1] == "person" and t in ("x's", "y's", "z's"):
            out[-1] = "person" + t
        else:
            out.append(t)
    return out


@lru_cache(maxsize=1 << 18)
def _form_of_key(key: str) -> str | None:
    tokens = tokens_of(key)
    if not tokens:
        return None
    if _event(tokens):
        return EVENT
    if len(tokens) <= 6 and _characteristic(tokens):
        return CHARACTERISTIC
    return None


def phrase_form(label: str) -> str | None:
    """``"event"``, ``"characteristic"`` or None (uncertain) for a head or tail phrase."""
    return _form_of_key(normalize_label(label))


def is_verb(word: str) -> bool:
    """Whether ``word`` (lower case) is the base form of a verb of the lexicon ("eat", "clean";
    not "butter", "bread")."""
    return word in _STRICT_FINITE or word in _MIXED_FINITE


def typed_by_form(domain: DomainLike | Graph) -> bool:
    """Whether a domain (a :class:`~kg.ontology.Domain` or its ontology graph) types its
    entities by form: some class of its ontology carries ``kg:phraseForm``."""
    return next(iter(ontology_of(domain).triples((None, PHRASE_FORM, None))), None) is not None
