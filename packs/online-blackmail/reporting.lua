-- reporting.lua: what to advise and do, in order, when a young person is
-- being blackmailed: don't pay, stop contact and block; keep the evidence;
-- report; get images removed.  In school, it goes to the DSL straight away
-- (written {{lead_short}}, so that each school's own word for the role is
-- shown).  Last in the pack, it ends with who to tell in this school.
module {
  title = "Reporting and getting help",
  minutes = 5,
  pass_mark = 80,
}

page [[
## In school: the {{lead_short}}, straight away

Whoever hears about sextortion first, whether from a pupil, a parent or a
colleague, passes it to the **{{lead}} ({{lead_short}})**, or a deputy if
the {{lead_short}} is not there, **straight away**. The {{lead_short}}
decides what happens next.

The NCA alert also gives advice for parents and carers, which staff should
know so that they can pass it on.
]]

page {
  id = "the-advice",
  [[
## The NCA's advice, in order

1. **Don't pay, do stop contact and block.** There is no guarantee that
   paying will stop the threats: once the offender has been paid, they will
   likely ask for more. If money has already been paid, **don't panic, but
   don't pay anything more**. Stop all communication with the offender and
   block them on every account they used.
2. **Avoid deleting anything.** Messages, images, telephone numbers and
   bank account details can all be evidence.
3. **Report it.** Call **999** if there is an immediate risk of harm;
   otherwise call **101**, or report through the **CEOP Safety Centre**.
4. **Get images removed.** Childline and the Internet Watch Foundation's
   **Report Remove** tool, the National Center for Missing & Exploited
   Children's **Take It Down** tool, and reporting to the platform or app
   the image was shared on.
]],
}

scene "phone-call" {
  [[
You are covering the school office at lunchtime. A parent rings, close to
tears: "Someone is threatening to share pictures of my son unless we pay
them. I just want it to stop. Should we pay?"
]],
  choice { "“It might be quickest to pay and make it stop.”",
           set = { advised_paying = true },
           feedback = [[Paying is unlikely to end it. The NCA says that once an
offender has been paid, they will likely ask for more.]] },
  choice { "“Please don't pay. Stop replying, block them, and keep every message. I'm putting you through to our {{lead_short}} now.”",
           score = 2,
           feedback = [[That is the NCA's advice, in a few words, and the call
goes to the {{lead_short}} straight away.]] },
  choice { "“Get him to delete the account and all the messages, so the pictures are gone.”",
           set = { advised_deleting = true },
           feedback = [[Deleting destroys evidence: the messages, images,
numbers and bank details the police may need. And the offender may still
have the pictures.]] },
}

page {
  when = function(state) return state.advised_paying or state.advised_deleting end,
  [[
## What the parent needed to hear

On the phone you suggested paying or deleting. Both feel like ways to make
it stop, which is why offenders count on them. The NCA's advice is the
opposite: **don't pay, stop contact and block, and keep everything** as
evidence. Then report it, and in school, pass it to the {{lead_short}}
straight away.
]],
}

question "what-to-advise" {
  type = "multiple",
  [[Which of these should you advise a young person, or their parent,
who is being blackmailed in this way?]],
  right "Don't pay, stop contact and block them",
  right "Keep the messages, images, phone numbers and bank details",
  right "Report it: 999 if there is immediate risk of harm, otherwise 101 or the CEOP Safety Centre",
  wrong { "Delete the messages so that nobody else sees them",
          feedback = [[Deleting messages loses evidence. Keep everything:
messages, images, phone numbers and bank account details.]] },
  wrong { "Pay what they ask, so that it stops",
          feedback = [[Paying gives no guarantee that the threats will stop,
and offenders who have been paid will likely ask for more.]] },
  feedback = [[Don't pay, stop contact and block; keep the evidence; and
report it.]],
  score = 3,
}

question "in-order" {
  type = "order",
  [[Put the NCA's advice in order.]],
  "Don't pay, stop contact and block",
  "Keep the evidence: delete nothing",
  "Report to the police or the CEOP Safety Centre",
  "Get the images removed",
  feedback = [[Stopping the contact comes first, then keeping the evidence
safe, then reporting, then getting images taken down.]],
  score = 2,
}

question "paid-once" {
  type = "truefalse",
  [[If a young person has already paid, paying once more is the best way to
end it.]],
  answer = false,
  feedback = [[If money has already been paid, the NCA's advice is: don't
panic, but **don't pay anything more**.]],
  score = 1,
}

question "immediate-risk" {
  type = "single",
  [[A pupil tells you they are being blackmailed and you believe they are at
immediate risk of harm. Alongside telling the {{lead_short}}, who should be
called?]],
  right "999",
  wrong { "101",
          feedback = [[101 is for reporting when there is no immediate risk.
When a young person is at immediate risk of harm, call 999.]] },
  wrong { "Report it through the CEOP Safety Centre instead",
          feedback = [[The CEOP Safety Centre is a good way to report, but
not when someone is at immediate risk of harm: call 999.]] },
  feedback = [[999 if there is an immediate risk of harm; otherwise 101 or
the CEOP Safety Centre.]],
  score = 1,
}

question "removal" {
  type = "single",
  [[Which of these helps a young person get a nude image of them removed
from the internet?]],
  right "Childline and the IWF's Report Remove tool",
  wrong { "Asking the offender to take it down",
          feedback = [[Contact with the offender should stop. Report Remove,
Take It Down and the platform's own reporting are the ways to get images
removed.]] },
  wrong { "Waiting for it to stop being shared",
          feedback = [[There are tools that help now: Childline and the IWF's
Report Remove, NCMEC's Take It Down, and reporting to the platform or app
it was shared on.]] },
  feedback = [[Childline and the Internet Watch Foundation's **Report
Remove**, NCMEC's **Take It Down**, and reporting to the platform or app
can all help get images removed.]],
  score = 1,
}

scene "end-of-day" {
  [[
It is 3:30pm. A pupil has just told you that someone is blackmailing her
over an image. The {{lead_short}} is in a meeting until five.
]],
  choice { "Email the {{lead_short}} so that they see it after the meeting",
           feedback = [[An email can sit unread while the offender keeps up the
pressure. It needs to reach the {{lead_short}}, or a deputy, straight
away.]] },
  choice { "Find the {{lead_short}}, or a deputy, now, even if it means interrupting the meeting",
           score = 2,
           feedback = [[Yes. A disclosure goes to the {{lead_short}}, or a
deputy, straight away. Offenders can move from first contact to blackmail in under
an hour; this cannot wait.]] },
  choice { "Help her sort it out yourself, so that fewer people know",
           feedback = [[Keeping it small feels kind, but the {{lead_short}} must
know, today: they decide what happens next and who else needs to be involved.]] },
}

reflect "your-school" {
  [[
Who is your {{lead_short}}, and who are the deputies? At {{school}}:
{{leads}}. Write down how you would reach one of them during the school
day.
]],
}

finish {
  passed = [[
## Well done

Don't pay, stop contact and block; keep the evidence; report; get images
removed. And in school, tell the {{lead_short}} straight away.

This pack's facts about sextortion come from the National Crime Agency's
alert to education professionals of 29 April 2024; on handling images,
from the guidance for staff in England of the UK Council for Internet
Safety and the National Police Chiefs' Council, the Welsh Government's
guidance for schools in Wales, and the NSPCC's advice on Report Remove.
]],
  not_passed = [[
## Not passed this time

The feedback above shows which answers were not right. Take the module
again: don't pay, stop contact and block; keep the evidence; report; get
images removed. And in school, tell the {{lead_short}} straight away.

This pack's facts about sextortion come from the National Crime Agency's
alert to education professionals of 29 April 2024; on handling images,
from the guidance for staff in England of the UK Council for Internet
Safety and the National Police Chiefs' Council, the Welsh Government's
guidance for schools in Wales, and the NSPCC's advice on Report Remove.
]],
}
