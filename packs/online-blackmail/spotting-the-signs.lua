-- spotting-the-signs.lua: what sextortion is, who it targets, who is behind
-- it, and the five ways child victims have reported being approached, each
-- met in a situation a member of staff might hear about.  Where the
-- organised crime groups are based is said as the NCA's alert says it:
-- about the groups, never about any people or nationality.
module {
  title = "Spotting the signs",
  minutes = 7,
  pass_mark = 80,
}

page [[
## About this module

In April 2024 the **National Crime Agency (NCA)** sent a rare alert to
education professionals across the UK about **sextortion**: a kind of
online blackmail that was rising fast. This module covers what the alert
says about it, who is being targeted, and the signs to look out for.

Some of this is upsetting to read. If it brings anything up for you, talk
to your {{lead}} ({{lead_short}}) or your line manager.

Everyone in the situations below is made up.
]]

page {
  id = "what-it-is",
  [[
## What sextortion is

The NCA describes **financially motivated sexual extortion**: a person is
forced to pay money, or meet another financial demand, after an offender
threatens to release nude or semi-nude images of them.

- The image may be **real**, taken by the young person, or **fake**:
  made by the offender, for example digitally altered or generated with AI.
- The offenders want **money, quickly**. The NCA says they are motivated
  by making money rather than by sexual gratification.
- They can be **organised crime groups based overseas**:
  predominantly in some West African countries,
  and some are also known to be in South East Asia.
  The account messaging a young person may not be who it seems.
- It can be **very fast**: in some cases offenders have gone from first
  contact to blackmail **in under an hour**.

The NCA says sextortion causes immeasurable stress and anguish, and that
some adults and young people have taken their own lives as a result. That
is why every member of staff needs to recognise it and act on it.
]],
}

question "figures" {
  type = "single",
  [[
The NCA alert quotes reports of sextortion made to the US National Center
for Missing & Exploited Children (NCMEC). What happened between 2022 and
2023?
]],
  right "They more than doubled, from 10,731 to 26,718",
  wrong { "They stayed about the same",
          feedback = [[The alert was sent because the numbers rose sharply:
they more than doubled in one year.]] },
  wrong { "They fell, as platforms improved their safety features",
          feedback = [[They did not fall. The NCA sent its alert because
reports more than doubled in one year.]] },
  feedback = [[Reports to NCMEC rose from **10,731 in 2022 to 26,718 in
2023**: that rise is why the NCA alerted education professionals.]],
  score = 1,
}

question "who-is-targeted" {
  type = "truefalse",
  [[Sextortion targets girls, so it is girls we need to watch out for.]],
  answer = false,
  feedback = [[The NCA says **all ages and genders** are targeted, but a
large proportion of cases have involved **boys aged 14 to 18**. Of the
victims in UK sextortion cases the Internet Watch Foundation (IWF) dealt
with in 2023, **91% were male**.]],
  score = 1,
}

page {
  id = "five-ways",
  [[
## How young people are approached

The NCA alert lists what child victims have reported. They were:

1. **contacted by an online account they do not know** that appears to be
   another child or young person, or by the **hacked account** of a young
   person they do know, where the messages feel unfamiliar;
2. **quickly drawn into sexually explicit messages**, sometimes with the
   offender sharing an indecent image first;
3. **manipulated or pressured** into taking nude or semi-nude photos or
   videos;
4. **told they have been hacked** and that the offender has their images,
   personal information and contacts, whether this is true or not;
5. **blackmailed** into sending money or meeting another financial demand
   (such as buying a pre-paid gift card), after sharing an image or video,
   or after the offender shares hacked or digitally manipulated or
   AI-generated images of them and threatens to share them more widely.

The next five situations each show one of these. Which is it?
]],
}

-- The five ways, as options; each situation below shows one of them.
local CONTACT = "Contact from an unknown account that seems to be a young person"
local EXPLICIT = "Being quickly drawn into sexually explicit messages"
local PRESSURE = "Being pressured into taking nude or semi-nude photos"
local HACKED = "Being told they have been hacked"
local BLACKMAIL = "Being blackmailed for money or a gift card"

question "new-follower" {
  type = "single",
  [[
A tutor mentions that Callum, in Year 9, has a new follower who says she
is 15 and goes to a school in the next town. Callum has never met her, but
she messages him every evening and he seems flattered.
]],
  right(CONTACT),
  wrong { EXPLICIT, feedback = [[Nothing sexual has been said yet. What
stands out is an account Callum does not know, presenting as another young
person.]] },
  wrong { BLACKMAIL, feedback = [[Nobody has asked Callum for anything yet.
The first sign is contact from an unknown account that seems to be a young
person: notice it now, before any demand.]] },
  feedback = [[Offenders often pose as another young person. The NCA also
warns that a **friend's hacked account** can be used, when the messages
feel unfamiliar.]],
  score = 1,
}

question "fast-chat" {
  type = "single",
  [[
Within minutes of a first chat, the other account sends a sexual message
and an image, and asks for one back.
]],
  right(EXPLICIT),
  wrong { CONTACT, feedback = [[How it started matters, but the sign here is
the speed: sexual messages within minutes, with the offender sharing an
image first.]] },
  wrong { HACKED, feedback = [[Nobody has claimed to have hacked anything.
This is a conversation turned sexual very quickly, which is one of the
signs the NCA lists.]] },
  feedback = [[The NCA says victims were quickly engaged in sexually
explicit messages, sometimes with the offender **sharing an indecent image
first**.]],
  score = 1,
}

question "keeps-asking" {
  type = "single",
  [[
A pupil tells a teaching assistant that the person she has been chatting
to keeps saying "everyone does it" and will not stop asking for a photo.
]],
  right(PRESSURE),
  wrong { BLACKMAIL, feedback = [[No threat or demand for money has been
made yet. Repeated requests for a photo are pressure, and they are a sign
in themselves.]] },
  wrong { EXPLICIT, feedback = [[Close, but the key sign is the repeated
pushing: she is being pressured to take a photo.]] },
  feedback = [[Young people have reported being **manipulated or pressured**
into taking nude or semi-nude photos or videos. Sextortion targets all
genders, so a girl may be targeted too.]],
  score = 1,
}

question "your-friends" {
  type = "single",
  [[
Amir, in Year 11, got a message saying his account had been hacked. It
listed some of his friends' names and said the sender "had his photos".
]],
  right(HACKED),
  wrong { CONTACT, feedback = [[The message matters more than the account it
came from: it claims a hack and access to his images and contacts.]] },
  wrong { PRESSURE, feedback = [[Nobody is asking him to take a photo. The
message claims he has already been hacked, to frighten him.]] },
  feedback = [[Offenders tell young people they have been hacked and have
their images, personal information and contacts, **whether this is true or
not**. Listing friends' names makes the threat feel real.]],
  score = 1,
}

question "gift-cards" {
  type = "single",
  [[
A message tells a pupil to buy £100 of gift cards by tonight, or an image
of him will be sent to all his followers. The image looks like him, but he
says he never took it.
]],
  right(BLACKMAIL),
  wrong { HACKED, feedback = [[The demand is what defines this: money, by
tonight, or the image is shared.]] },
  wrong { PRESSURE, feedback = [[He is not being asked for a photo; he is
being blackmailed for money over one.]] },
  feedback = [[This is the blackmail itself. The image may be **faked or
made with AI**: the threat and the harm are real all the same, and so is
his need for help.]],
  score = 1,
}

question "who-is-behind-it" {
  type = "single",
  [[
Think back to Callum's new follower, who says she is 15 and goes to a
school in the next town. If the account turns out to be sextortion as the
NCA describes it, who could really be behind it?
]],
  right "An organised crime group, perhaps based overseas, that wants money",
  wrong { "Almost certainly a girl at a school nearby, as she says",
          feedback = [[Young people have reported being contacted by
accounts that appear to be another young person. The NCA says these crimes
can be carried out by organised crime groups based overseas.]] },
  wrong { "Someone looking for sexual gratification rather than money",
          feedback = [[The NCA says those who carry out these crimes are
motivated by making money quickly, rather than by sexual gratification.]] },
  feedback = [[The account may not be who it seems. The NCA says these
crimes can be carried out by **organised crime groups based overseas**, who
want **money, quickly**.]],
  score = 1,
}

scene "staffroom" {
  [[
At break, a colleague says: "Odd thing. Jay in my Year 10 class asked me
if I could lend him forty pounds, today. He's been glued to his phone and
looks terrified. He said a girl he met online is 'causing problems'."
]],
  choice { "“Teenagers fall out online all the time. I wouldn't worry.”",
           set = { dismissed = true },
           feedback = [[These are signs the NCA describes: an online contact, and
an urgent need for money. It may be nothing, but it must not be waved
away.]] },
  choice { "“Let's keep an eye on him and see if he says any more.”",
           set = { dismissed = true },
           feedback = [[Waiting is risky: offenders can go from first contact to
blackmail in under an hour, and their demands rarely stop at one.]] },
  choice { "“That could be sextortion. Please tell the {{lead_short}} today, and I'll come with you.”",
           score = 2,
           feedback = [[Yes. An online contact, a sudden need for money and
fear together fit what the NCA describes. The {{lead_short}} decides what
happens next; your job is to pass it on without delay.]] },
}

page {
  when = function(state) return state.dismissed end,
  [[
## Small signs, passed on

Earlier you chose not to act on what your colleague told you. Young people
often do not say what is happening, so a sudden, urgent need for money, a
new online contact or obvious fear may be all anyone sees. You do not need
to be sure: tell the {{lead_short}}, the same day, and let them decide.
]],
}

finish {
  passed = [[
## Well done

You can now recognise the five ways the NCA says young people are
approached. The next module is about what to say when a young person tells
you it is happening to them.
]],
  not_passed = [[
## Not passed this time

The feedback above shows which answers were not right. Take the module
again: the five ways the NCA says young people are approached are worth
knowing well, because spotting them early is how a young person gets help
sooner.
]],
}
