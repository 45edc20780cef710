-- responding-without-blame.lua: a young person tells a member of staff that
-- they are being blackmailed.  Blaming or panicking words make them
-- withdraw, and the learner goes back and tries again; the pages after
-- show only to learners who chose those words (`when` on state).
module {
  title = "Responding without blame",
  minutes = 3,
  pass_mark = 80,
}

page [[
## They are not to blame

Young people who are blackmailed over an image often feel that it is their
own fault. The NCA's message to them is clear:

> A lot of victims feel responsible but we need them to know this is
> absolutely not the case; you are not to blame and help and support is
> available.

*(James Babbage, Director General for Threats, National Crime Agency,
April 2024)*

The first words a young person hears from an adult can decide whether they
keep talking. In this module you practise those words.
]]

scene "after-lesson" {
  [[
Sam, in Year 10, waits until the rest of the class has gone. He does not
look at you. "Someone I was talking to online says they'll send a photo of
me to everyone I know unless I pay them tonight. I sent it. It's my own
fault."
]],
  choice { "“Why would you send a photo to someone you'd never met?”",
           go = "withdraws", set = { blamed = true },
           feedback = [[A "why" question here sounds like blame, however kindly
it is meant. Sam already feels responsible; he needs to hear that he is
not to blame.]] },
  choice { "“Oh no. This is really bad. What were you thinking?”",
           go = "withdraws", set = { panicked = true },
           feedback = [[Alarm tells Sam that things are as bad as he fears, and
"what were you thinking" puts the blame on him. Staying calm helps him keep
talking.]] },
  choice { "“You're not in trouble, but you should have known better.”",
           go = "withdraws", set = { blamed = true },
           feedback = [["Should have known better" is blame, even said gently.
The person blackmailing him is the one doing wrong.]] },
  choice { "“Thank you for telling me. This is not your fault, and we're going to help you.”",
           score = 2, go = "what-now",
           feedback = [[Thanking him, saying clearly that it is not his fault and
that help is available is what the NCA asks adults to say.]] },
}

scene "withdraws" {
  [[Sam's face closes. "Forget it. It doesn't matter," he says, and picks up
his bag.]],
  choice { "Go back and try again", go = "after-lesson" },
}

scene "what-now" {
  [[Sam looks up. "You won't tell anyone, will you?"]],
  choice { "Promise to keep it between the two of you, so that he keeps trusting you",
           feedback = [[You cannot keep this promise. To get Sam help, the
{{lead}} ({{lead_short}}) must know, today. Being honest now keeps
his trust when you do pass it on.]] },
  choice { "“I can't keep this to myself, because I need to get you help. I'm going to tell our {{lead_short}} now, and I'll stay with you.”",
           score = 2,
           feedback = [[Honest, calm and clear about what happens next. In
school, a disclosure goes to the {{lead_short}} straight away.]] },
  choice { "“Just delete everything and block them, and it'll all go away.”",
           feedback = [[Blocking them is right, but deleting is not: the
messages, images, phone numbers and bank details are evidence. And it may
not go away on its own: the {{lead_short}} needs to know, today.]] },
}

page {
  when = function(state) return state.blamed end,
  [[
## Why blame shuts the door

When you first answered Sam, your words suggested it was his fault. Young
people in his position already feel responsible, and many tell no one at
all. Questions about *why* they did something can wait, and usually do not
need asking: what matters now is that he is safe and that help starts.
]],
}

page {
  when = function(state) return state.panicked end,
  [[
## Staying calm

When you first answered Sam, your alarm showed. That is a natural reaction,
but a young person reads an adult's panic as proof that things are as bad
as they fear. A calm "thank you for telling me; this is not your fault; we
will help" steadies them.
]],
}

question "what-helps" {
  type = "multiple",
  [[Which of these help a young person who tells you that someone is
blackmailing them with an image?]],
  right "Thanking them for telling you",
  right "Telling them clearly that they are not to blame",
  right "Telling them that help and support are available",
  wrong { "Asking why they sent the image",
          feedback = [[Asking why sounds like blame, and the answer does not
change what needs to happen next.]] },
  wrong { "Telling them how much trouble this could cause them",
          feedback = [[This adds to their fear and sense of blame. The
trouble belongs to the person blackmailing them.]] },
  feedback = [[The NCA wants young people to know that they are not to
blame, and that help and support are available.]],
  score = 3,
}

question "its-my-fault" {
  type = "single",
  [[Sam says again: "It's my fault. I sent it." What is the best reply?]],
  right "“You are not to blame. The person doing this to you is.”",
  wrong { "“Let's not worry about whose fault it is. Just don't do it again.”",
          feedback = [["Don't do it again" tells Sam that the fault is his.
Say plainly that it is not.]] },
  wrong { "“Well, it was a mistake, but we all make mistakes.”",
          feedback = [[Calling it his mistake agrees that he is to blame.
The crime is the blackmail, not the photo.]] },
  feedback = [[Saying plainly that the young person is not to blame takes
power away from the person blackmailing them.]],
  score = 3,
}

reflect "first-words" {
  [[
Write the first thing you would say to a young person who tells you that
someone is blackmailing them over an image. Use your own words.
]],
}

finish {
  passed = [[
## Well done

Thank them, tell them it is not their fault, stay calm, and take it to the
{{lead_short}} straight away. The next module is about the image itself:
what to do, and never do, when a young person wants to show it to you.
]],
  not_passed = [[
## Not passed this time

The feedback above shows which answers were not right. Take the module
again before you go on: what you say first, when a young person tells you,
matters most.
]],
}
