-- handling-images.lua: what to do, and never do, with a nude or semi-nude
-- image of a young person: a colleague who would forward it, a pupil who
-- holds out a phone, an image going round a group chat.
--
-- It comes third, after responding-without-blame and before reporting: a
-- pupil who tells you may show you the image in the same moment, so
-- what to do with it belongs with the first words, and reporting, which
-- ends with who to tell in this school, stays the pack's last module.
--
-- The facts are the UK Council for Internet Safety's overview for staff in
-- England (with the National Police Chiefs' Council, March 2024), NSPCC
-- Learning on Report Remove, and the Welsh Government's guidance for
-- schools in Wales, each listed in pack.lua's sources.
--
-- Each scene is worth 4 of the 19 points, so a learner who would look at
-- the image, have it sent on or blame the pupil does not pass (15/19 is
-- 79%); any one slip in the questions, or two of the 1-point ones, still
-- passes.
--
-- The rules on what staff do with an image are the UKCIS overview's, for
-- England, and are said to be so; the sources give the Welsh guidance
-- only on adults sharing images, and the NSPCC's "never view" is for
-- everyone, so that is what the module says of Wales.
--
-- Reading time: a learner who gives the model answers reads about 1,400
-- words (as `vigil pack play` shows them, without the prompts and the
-- echo of their own answers), about 7 minutes at 200 words a minute: 7
-- minutes are credited.
module {
  title = "Handling images",
  minutes = 7,
  pass_mark = 80,
}

page [[
## Never look, never pass it on

Sextortion is blackmail over an image. So a pupil may one day hold out a
phone to show you one, or a colleague may offer to send one on. What you
do next matters: a kind, well-meant step can break the law.

The **UK Council for Internet Safety (UKCIS)** and the **National Police
Chiefs' Council** give guidance to education settings in England for when
young people under 18 share nude or semi-nude images, videos or live
streams: on social media, gaming platforms, chat apps or forums, or between
devices offline. Its one-page overview for frontline staff, updated in
March 2024, says:

- **Never view, copy, print, share, store or save** the image,
  and **never ask a child to share it or download it**.
  Doing so is illegal.
- Tell the {{lead_short}} **straight away**. The incident is handled
  under {{school}}'s child protection policy.
- Only in exceptional circumstances may the {{lead_short}} view an image,
  and then the {{lead_short}} alone, to safeguard the child.

Schools in Wales follow guidance of their own from the Welsh Government,
produced as part of the UKCIS Education Working Group, and their child
protection policy. Wherever you work, the **NSPCC**'s advice is that adults
should **never view** the image.

Everyone in the situations below is made up.
]]

scene "forward-it" {
  [[
At break a colleague stops you in the corridor. "Jordan in my Year 9 form
says someone online is threatening to post a photo of him unless he pays.
He offered to send me the photo. I'll get it off him and forward it, so
the {{lead_short}} can see what we're dealing with."
]],
  choice { "“Good idea. The {{lead_short}} will need to see it.”",
           set = { handled = true },
           feedback = [[Asking Jordan to send it is asking a child to share
it, and forwarding it is sharing it. The UKCIS guidance for staff says never
to do either: doing so is illegal. The {{lead_short}} needs to hear what
Jordan said, straight away; the image stays where it is.]] },
  choice { "“Have a look at it first, so you can tell the {{lead_short}} how bad it is.”",
           set = { handled = true },
           feedback = [[Looking at it is viewing it, which the UKCIS guidance
says staff must never do, and the NSPCC says no adult should. How serious it is, is for the {{lead_short}} to judge:
only in exceptional circumstances may the {{lead_short}}, and no one else,
view an image.]] },
  choice { "“Please don't ask him for it or send it anywhere. Let's tell the {{lead_short}} now what Jordan told you.”",
           score = 4,
           feedback = [[Yes. It goes to the {{lead_short}} straight away, in
words: nobody asks Jordan for the image, and nobody forwards it. The
{{lead_short}} decides what happens next.]] },
}

scene "holds-out-phone" {
  [[
After a lesson, Ben, in Year 11, waits until the room is empty, then holds
out his phone. "Someone sent me this. It's a picture of me. They say
they'll send it to everyone I know. Look."
]],
  choice { "Take the phone and look, so that you know what he is facing",
           set = { handled = true },
           feedback = [[However kind the reason, this is viewing the image,
which the UKCIS guidance says staff must never do, and the NSPCC says no
adult should. You do not need to see it to
pass it on: tell the {{lead_short}} what Ben told you, straight away.]] },
  choice { "“Send it to me, so I can pass it on to the {{lead_short}}.”",
           set = { handled = true },
           feedback = [[This asks a child to share the image, and would store
it on your phone: the UKCIS guidance says doing so is illegal. Tell the
{{lead_short}} what Ben told you, straight away.]] },
  choice { "“You shouldn't have that on your phone. Put it away.”",
           set = { judged = true },
           feedback = [[This tells Ben that he is in trouble. The NSPCC says
a young person who has lost control of an image should not feel judged:
reassure him that he has done nothing wrong.]] },
  choice { "“I don't need to see it. Thank you for telling me: you've done nothing wrong. We're going to the {{lead_short}} together, now.”",
           score = 4,
           feedback = [[Yes. You do not look; you reassure him, as the NSPCC
advises, that he has done nothing wrong; and it goes to the {{lead_short}}
straight away.]] },
}

page {
  when = function(state) return state.judged end,
  [[
## Not judged

When Ben held out his phone, your words told him he had done something
wrong. The NSPCC says a young person who has lost control of a nude image
of themselves should not feel judged, and should hear that they have not
done anything wrong. The NCA says the same of sextortion: the young person
is not to blame.
]],
}

question "a-quick-look" {
  type = "truefalse",
  [[If a pupil shows you a nude image of themselves, a quick look is all
right, as long as you do not save it.]],
  answer = false,
  feedback = [[The NSPCC says adults should **never view** the image, even
briefly, and the UKCIS guidance that staff must never view, copy, print,
share, store or save it. Only in exceptional circumstances may the
{{lead_short}}, and the {{lead_short}} alone, view an image, to safeguard
the child.]],
  score = 1,
}

scene "group-chat" {
  [[
At lunchtime two Year 9 pupils come to find you. A semi-nude photo of a
girl in their year is going round a group chat. "It's horrible," says
one. "I've got it here. Do you want to see?"
]],
  choice { "“No, please don't show me, and don't send it to anyone. Thank you for telling me. I'm taking this to the {{lead_short}} now.”",
           score = 4,
           feedback = [[Yes. You do not look, you do not ask for it, and it
goes to the {{lead_short}} straight away, to be handled under the child
protection policy.]] },
  choice { "“Send it to me, so that there's a record of it.”",
           set = { handled = true },
           feedback = [[This asks a child to share the image, and keeping it
would be storing it: the UKCIS guidance says both are illegal. What the pupils
told you goes to the {{lead_short}} straight away; the image does not.]] },
  choice { "“Tell everyone to delete it, and we'll leave it there.”",
           feedback = [[Every incident like this goes to the {{lead_short}}
straight away, to be handled under the child protection policy, even if the
image is deleted. The {{lead_short}} decides what happens next.]] },
}

page {
  when = function(state) return state.handled end,
  [[
## The image stays where it is

Earlier you chose to have an image looked at, sent to you or passed on.
It can feel like the careful thing: seeing it, or getting it to the
{{lead_short}}, so that nothing is missed. But the UKCIS guidance is plain:
staff never view, copy, print, share, store or save such an image, and
never ask a child to share or download it, because doing so is illegal.
Pass on what you were told, straight away. Only the {{lead_short}} may
ever view it, and only in exceptional circumstances, to safeguard the
child.
]],
}

question "motives" {
  type = "truefalse",
  [[When young people under 18 send or post nudes or semi-nudes, the
motive is always sexual or criminal.]],
  answer = false,
  feedback = [[The UKCIS guidance says the motives are **not always sexual
or criminal**. Whatever the motive, your part is the same: don't look,
don't ask for the image, and tell the {{lead_short}} straight away.]],
  score = 1,
}

question "an-adult" {
  type = "single",
  [[
A pupil in Year 10 tells you that an adult she has been talking to online
has shared a semi-nude image of her. What does the guidance say this is?
]],
  right "Child sexual abuse, which goes to the police urgently",
  wrong { "Young people sharing images, to be dealt with in school",
          feedback = [[An adult shared it, so this is not young people
sharing images: it is child sexual abuse, for the police, urgently.]] },
  wrong { "A private matter for her family to report, if they choose",
          feedback = [[This is not left to her family: where an adult shares
nudes or semi-nudes of someone under 18, it is child sexual abuse, and it
goes to the police urgently.]] },
  feedback = [[The UKCIS guidance says that where an adult shares nudes or
semi-nudes of someone under 18, that is **child sexual abuse**, and it must
be referred to the police **urgently**. The Welsh Government's guidance for
schools in Wales says the same. Your part: tell the {{lead_short}} straight
away.]],
  score = 2,
}

question "never-do" {
  type = "multiple",
  [[Which of these does the UKCIS guidance say staff must never do with a
nude or semi-nude image of a pupil? Choose every one that applies.]],
  right "Look at it, even briefly",
  right "Forward it, even to the {{lead_short}}",
  right "Save it, or take a screenshot of it",
  right "Ask the pupil to send it to you",
  wrong { "Tell the {{lead_short}} straight away what you were told",
          feedback = [[This one is what you should do: every incident goes to
the {{lead_short}} straight away.]] },
  feedback = [[Never view, copy, print, share, store or save the image, and
never ask a child to share or download it. Tell the {{lead_short}} straight
away.]],
  score = 2,
}

page {
  id = "report-remove",
  [[
## Helping, without the image

The NSPCC's advice to professionals on **Report Remove** says a young
person who has lost control of a nude image of themselves should not feel
judged. Reassure them that they have not done anything wrong, never view
the image, and follow {{school}}'s child protection procedures.

A young person under 18 can use **Report Remove**, from Childline and the
Internet Watch Foundation (IWF), to try to have a nude image or video of
themselves taken down. Childline can support them while they do. The NCA's
alert points to the same tool.
]],
}

question "taken-down" {
  type = "single",
  [[Ben asks you whether the picture of him can ever be taken down. What
can you tell him?]],
  right "“There's a tool called Report Remove, from Childline and the IWF, for under-18s. Childline can help you use it.”",
  wrong { "“Send it to me, and I'll report it for you.”",
          feedback = [[Never ask a young person to send you the image: the
UKCIS guidance says doing so is illegal. With Report Remove he can report it
himself, with Childline's support.]] },
  wrong { "“Once it's online, nothing can be done, I'm afraid.”",
          feedback = [[There is help: under-18s can use Childline and the
IWF's Report Remove to try to have an image taken down.]] },
  feedback = [[Report Remove, from Childline and the Internet Watch
Foundation, helps under-18s try to have a nude image or video of themselves
taken down, with Childline's support.]],
  score = 1,
}

reflect "what-you-say" {
  [[
A pupil holds out a phone and says: "Look." Write what you would say, and
what you would do next, in your own words.
]],
}

finish {
  passed = [[
## Well done

Never view, copy, print, share, store or save the image, and never ask a
young person to send it. Reassure them that they have done nothing wrong,
and tell the {{lead_short}} straight away. The next module covers what to
advise, and how it is reported.
]],
  not_passed = [[
## Not passed this time

The feedback above shows which answers were not right. Take the module
again: what you do with an image matters, because a well-meant step can
break the law. Never view, copy, print, share, store or save it; never ask
a young person to send it; tell the {{lead_short}} straight away.
]],
}
