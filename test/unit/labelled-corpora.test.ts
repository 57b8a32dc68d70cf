// Every labelled corpus, scored by one harness (test/unit/support/held-out-corpus.ts).
// The project's own sets (test/fixtures/holdout*) were written from the spec, blind to
// the rules, and scored 64 %, 77 % and 70 % before the general fixes that followed:
// they are regression sets now. The shared sets are the team's; `train` was first run
// blind at 57/80 exact (71 %), 80/80 after issue 9. Raise a floor when the checker improves; never lower one
// to make a change pass.
import { sharedCorpus } from '../support/shared-corpus.ts';
import { describeHeldOutCorpus, describeSharedCorpus } from './support/held-out-corpus.ts';

describeHeldOutCorpus('holdout', new URL('../fixtures/holdout/', import.meta.url), { mails: 44, exactMissingFloor: 44 });
describeHeldOutCorpus('holdout2', new URL('../fixtures/holdout2/', import.meta.url), { mails: 30, exactMissingFloor: 30 });
describeHeldOutCorpus('holdout3', new URL('../fixtures/holdout3/', import.meta.url), { mails: 20, exactMissingFloor: 20 });
// holdout4 (issue 9, second round) was written blind after the rebuild: 16/20 exact (80 %), category 20/20
// (one miss was a fixture defect: a 1280x40 strip as the "screenshot"); the others were a prose line
// ending in ';' read as code, a purpose told as "we feed X with Y", and onset after a change in Japanese.
describeHeldOutCorpus('holdout4', new URL('../fixtures/holdout4/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout5 (issue 9, third round; corpus5 at 0898d79) was scored blind after the general fixes of this round:
// 25/30 exact (83 %), category 29/30 (the code before this round: 22/30, 27/30). Misses: a zone lead-in as a
// heading ("■経緯（以下の時刻はすべて日本時間です）") and written out ("(all times Pacific)"), "Is there a way to
// raise the limit?" read as a limit-increase request, an earlier inquiry by a colleague with a long object,
// and a purpose told with 向けの.
describeHeldOutCorpus('holdout5', new URL('../fixtures/holdout5/', import.meta.url), { mails: 30, exactMissingFloor: 30, categoryFloor: 30 });
// holdout6 (issue 9, fourth round) was written blind from the spec: 21/30 exact, category 27/30 on the code at
// the start of the holdout5 round, 23/30 and 28/30 after it. Then tuned on with general readings: 30/30, 30/30.
// Misses were: "acct 31877 US" (the usual short label, also as the site's label), a session with its number and
// "wf" naming a workflow, "The account is 27064", "pls transfer account ownership", AUDIENCE_ID = N in code,
// trying to run the failing workflow itself read as a goal, an earlier request to support told with お願いしており
// and support's answer (ご案内をいただきました), and a self-hosted Digdag (自前, on an EKS cluster, version before を)
// whose td> operators call the service's API.
describeHeldOutCorpus('holdout6', new URL('../fixtures/holdout6/', import.meta.url), { mails: 30, exactMissingFloor: 30, categoryFloor: 30 });
// holdout7 (issue 9, kept blind through both rounds above): 20/30 exact, category 28/30 on the code at the
// start of the session, 21/30 and 28/30 after the holdout5 and holdout6 rounds. One of its misses was a
// fixture defect (h10's body was base64-encoded twice by the generator; decoded once since). Then three
// general fixes (a two-column "Item | Value" HTML table, "our customer Account ID N", "could you help
// raise…") brought it to 24/30, 29/30, and four more (Excel settings as general_it, "ご調査をお願いしたく" is this
// mail's own request, "your team helped us then", a command after a shell prompt / curl.exe) to 28/30, 30/30.
// Left: a bare console job URL read as the console channel (h08), and a stack trace's client read as the command (h09:
// read since 2026-12-06's second session, a logger's line naming its thread is a log line, not a call).
describeHeldOutCorpus('holdout7', new URL('../fixtures/holdout7/', import.meta.url), { mails: 30, exactMissingFloor: 30, categoryFloor: 30 });
// holdout8 and holdout9 (issue 9, written blind by two more writers after the holdout7 round): blind first
// scores 21/25 and 18/25 exact, category 24/25 and 25/25. General fixes that followed (account in Japanese
// prose, "our US account", an error after a lead-in sentence or with its HTTP status, a scheduled data flow
// with its destination as the goal, a Japanese sentence starting with a command read as prose, a
// non-engineer's "seems to be broken", a longer window for "reported … a few weeks ago"): 25/25 each.
describeHeldOutCorpus('holdout8', new URL('../fixtures/holdout8/', import.meta.url), { mails: 25, exactMissingFloor: 25, categoryFloor: 25 });
describeHeldOutCorpus('holdout9', new URL('../fixtures/holdout9/', import.meta.url), { mails: 25, exactMissingFloor: 25, categoryFloor: 25 });
// holdout11 (written blind after the holdout8/9 round): 16/20 exact, category 19/20 blind; then a 【label】value
// template, "your recommendation on how to design", "with your support team", and a cropped screen (320x200)
// counted as a screenshot by size and shape instead of a fixed 400x250 minimum: 20/20.
describeHeldOutCorpus('holdout11', new URL('../fixtures/holdout11/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout10 (written blind alongside holdout11): 15/20 exact, category 18/20 blind; then support named by person
// ("as Kenji from your team suggested"), "any pointers" no longer a third-party cue, a self-hosted tool on "our
// own Linux servers" / "no Treasure Data involved", "10 o'clock" as a clock time, a dashboard kept up to date as
// the goal: 19/20, 20/20 (h13: a reproduction read as history; the label says it is none).
describeHeldOutCorpus('holdout10', new URL('../fixtures/holdout10/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
// holdout12 and holdout13 (the last round, written blind at the end of the session, not tuned on): 13/15
// exact (category 14/15) and 14/15 (15/15). Their misses are open: a JDBC extract's purpose (holdout12 h07), a
// question about SFMC's own retention read as spec (h14); both read since the next session (a data flow into the
// sender's own system in Japanese; a question about the vendor "itself"): 15/15. "ticket" cut from its number by a wrap (holdout13 h15)
// is read since the next session (a wrapped pair of lines is read as one for ticket numbers): 15/15.
describeHeldOutCorpus('holdout12', new URL('../fixtures/holdout12/', import.meta.url), { mails: 15, exactMissingFloor: 15, categoryFloor: 15 });
describeHeldOutCorpus('holdout13', new URL('../fixtures/holdout13/', import.meta.url), { mails: 15, exactMissingFloor: 15, categoryFloor: 15 });
// holdout14, holdout15, holdout16 (written blind by three more writers): blind first scores 18/20, 15/20, 15/20
// exact (category 20/20, 19/20, 18/20). Then: a console job page names no channel (spec), a line wrapped mid-sentence
// continues it even when it reads as a label or an indented line, the data's consumer as the goal, lists of objects
// by kind. Open: a job ID printed alone by a script (16),
// a request with side questions read as spec (17), the Go client's http.MethodGet as the command (18), an
// earlier request "closed" read as related ticket (holdout15 109), an earlier-failure line as history (115; closed
// in a later session: "ジョブ自体は成功しているようですが" tells the failing run, not an earlier one: 20/20).
describeHeldOutCorpus('holdout14', new URL('../fixtures/holdout14/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout15', new URL('../fixtures/holdout15/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout16', new URL('../fixtures/holdout16/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
// holdout17 and holdout18 (written blind last): 16/20 and 15/20 exact (category 18/20, 19/20) blind. Then
// plain-text tables (a cell read under its column header), rule lines as separators, a clock time's colon is no
// label, a list heading's zone covers wrapped items: holdout17 18/20. Then a lead-in line saying the error below
// is shown, a digdag '_error:' key is no error label, ingestion endpoints and HTTP client calls are the API: holdout18 18/20.
// Then "nothing is broken" states no failure, "Export 側の仕様" is the service's own, "Please:" leading a list of
// changes is a request: holdout16 18/20, holdout17 19/20.
describeHeldOutCorpus('holdout17', new URL('../fixtures/holdout17/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout18', new URL('../fixtures/holdout18/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout19 and holdout20 (written blind): 16/20 and 19/20 exact, category 20/20 both. Then a numbered Japanese item
// that starts with a date, "(times in Pacific)" as a lead-in, "…ているため" as a reason not a purpose: holdout19
// 18/20; holdout20 not tuned on.
describeHeldOutCorpus('holdout19', new URL('../fixtures/holdout19/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout20', new URL('../fixtures/holdout20/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout21 and holdout22 (written blind; 22 aimed at category boundaries): 16/20 and 17/20 exact, category 20/20 and
// 16/20. Then what the data builds and recurring flushes as the goal, a secondary question is no main ask, a failure
// called settled is background, proxy/PAC settings are general IT, 'please update' is a request: 19/20 and 20/20.
describeHeldOutCorpus('holdout21', new URL('../fixtures/holdout21/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout22', new URL('../fixtures/holdout22/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout23 and holdout24 (written blind): 16/20 and 18/20 exact, category 19/20 and 20/20. Then an attached .txt issue
// sheet read as prose, aligned form values, timeline rows, two-column pipe tables as forms, data that stopped arriving,
// 'made inquiry … to your team': holdout23 20/20. holdout24 18/20 untuned; then a quote of support's answer introduced
// in the sender's words ('Quoting the relevant part of your reply:') is support's: 19/20. A later session: an earlier
// run told by what it did ('downloaded fine on Nov 3') and attempts counted ('tried three times') are history: 20/20.
describeHeldOutCorpus('holdout23', new URL('../fixtures/holdout23/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout24', new URL('../fixtures/holdout24/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout25 and holdout26 (written blind last, representative mixes): 19/20 and 16/20 exact, category 20/20 and 19/20.
// Then a log stamp leads in no zone, indented list items, a zone wrapped onto the next line, a console screen named
// in a question, output picked up downstream as the goal: holdout26 20/20.
describeHeldOutCorpus('holdout25', new URL('../fixtures/holdout25/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout27 and holdout28 (written blind at the end, not tuned on): 20/20 and 20/20 exact, category 20/20 both.
describeHeldOutCorpus('holdout27', new URL('../fixtures/holdout27/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout28', new URL('../fixtures/holdout28/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout29 (written blind after them): 16/20 exact, category 19/20. Then a .txt issue sheet also gives the OS and the
// command, 「…」と出て, the dashboards that read the tables: 19/20 (open: 12, a self-hosted Digdag read as general_it).
describeHeldOutCorpus('holdout29', new URL('../fixtures/holdout29/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
// holdout30 (written blind last): 17/20 exact, category 18/20, one false secret (a key block with '[removed]' as body).
// Then key material required for a private key, inline answers under the marker the sender names: 18/20, no false
// secret. Then an earlier request told with お願いをして, a wanted state as the goal, 'design questions', a self-hosted
// Embulk named across a wrap: 20/20, category 20/20.
describeHeldOutCorpus('holdout30', new URL('../fixtures/holdout30/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// Next session's three blind sets (holdout31 formal Japanese SIer mail, holdout32 agency mail of many shapes, holdout33
// aimed at the spec's boundaries): blind 18/20 (category 20/20), 18/20 (17/20), 19/20 (19/20). Then 'ためのパラメータ' as
// the means asked for (not a goal), a pasted error or failing job without a failure verb is error, a failure settled
// in its paragraph or a job said not to have failed is background, a contract named in passing, design choices put
// to support, a similar request made last year: 20/20 each.
describeHeldOutCorpus('holdout31', new URL('../fixtures/holdout31/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout32', new URL('../fixtures/holdout32/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout33', new URL('../fixtures/holdout33/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout34 (APAC English as a second language, casual Japanese), holdout35 (threads and follow-ups), holdout36 (pasted
// content, forwarded end-user mail): blind 16/20 (category 19/20), 15/20 (19/20), 16/20 (20/20; secrets 4 of 6).
// Then inline replies keep their quote's author and label bare answers, attachments in their charset, a failure only
// supposed, 'Failed to save …:' messages, 14h30, casual retries, downstream deadlines, earlier asks in more words: 20/20 each.
describeHeldOutCorpus('holdout34', new URL('../fixtures/holdout34/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout35', new URL('../fixtures/holdout35/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout36', new URL('../fixtures/holdout36/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout37 (a normal week's inbox, train style), holdout38 (item wording), holdout39 (every execution method and its
// items): blind 15/20 (category 19/20), 15/20 (17/20), 15/20 (20/20). Then a main ask for the specification, a failure
// in a relative clause or in bracketed answer options, command lines that ran (not a tool named, a documentation
// template, the toolbelt's own output; a prompt on any line), macOS by release name, 'N が…ジョブIDです', a paraphrase
// under an error label, workflow pages, 'the Tokyo instance', earlier sends: 20/20 each.
describeHeldOutCorpus('holdout37', new URL('../fixtures/holdout37/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout38', new URL('../fixtures/holdout38/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout39', new URL('../fixtures/holdout39/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout40 (English-heavy inbox), holdout41 (Japanese-heavy inbox), holdout42 (written under pressure): blind 16/20
// (category 20/20), 18/20 (18/20), 14/20 (19/20). Then a P.S. after the sign-off, columns set apart by spaces, a zone
// in a table header, 'エラーで取り込めなくなっています', an ask about the failure's remedy keeps it error, goals as
// automation / a flow told time first / a tool used to do something, a form's empty fields, a bare date-time value,
// a pasted paragraph's times, 'activation 55120', 'a list of every user', support's earlier work: 20/20 each.
describeHeldOutCorpus('holdout40', new URL('../fixtures/holdout40/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout41', new URL('../fixtures/holdout41/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout42', new URL('../fixtures/holdout42/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout43-45 (representative weeks, written last in that session): blind 17/20 (category 20/20), 16/20 (19/20),
// 15/20 (17/20). Then goals by duty / by what the output feeds / in Japanese by what the data is made for, a job ID
// given as an example, failed runs in general and `_error`, seats priced, support's earlier handling in Japanese, an
// indirect design question: 19/20, 20/20, 19/20; then an ISO stamp in pasted output leads in no zone: holdout43 20/20
// (holdout45 14, an earlier unlock 'last autumn' in a reply on another ticket's thread, read since the holdout180-183 round).
describeHeldOutCorpus('holdout43', new URL('../fixtures/holdout43/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout44', new URL('../fixtures/holdout44/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout45', new URL('../fixtures/holdout45/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout46 and holdout47 (representative weeks, written last): blind 19/20 (category 19/20) and 20/20 (20/20; one AWS
// secret key a character short missed in an attached .dig). Then how to write SQL is general_it, and an AWS secret of
// 30-64 characters next to its label is one: 20/20 each, secrets 100 %.
describeHeldOutCorpus('holdout46', new URL('../fixtures/holdout46/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout47', new URL('../fixtures/holdout47/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout48-50 (representative weeks, written last): blind 18/20 (category 19/20), 19/20 (20/20), 18/20 (18/20). Then a
// failure in a purpose clause ('alerted as soon as a nightly job fails') or disclaimed ('not about a failure'), SQL
// shaping questions, another vendor's billing, 'at 04:00:' before a command, who uses the result in Japanese, a system
// named with its product in brackets: 20/20 each.
describeHeldOutCorpus('holdout48', new URL('../fixtures/holdout48/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout49', new URL('../fixtures/holdout49/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout50', new URL('../fixtures/holdout50/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout51 and holdout52 (representative weeks): blind 19/20 (category 19/20) and 16/20 (19/20). Then a screen strip
// (1280x180, 110 KB) is a screenshot, a form field answered 特になし is empty, failed runs asked about across a wrap,
// a list of all console users for an audit: 20/20 each.
describeHeldOutCorpus('holdout51', new URL('../fixtures/holdout51/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout52', new URL('../fixtures/holdout52/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout53 (every category, written last): blind 16/20 (category 18/20). Then another API's side ('LINE Messaging API
// 側の仕様'), a run not yet finished supposed, goals as a state ('so the sales dashboard is up to date') or a tool's
// output: 20/20.
describeHeldOutCorpus('holdout53', new URL('../fixtures/holdout53/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout54 and holdout55 (written last): blind 18/20 (category 19/20) and 17/20 (19/20). Then 'Account ID (AID):',
// a change at a stated time, 'what would be the best design', another vendor asked in Japanese: 20/20 and 18/20;
// next session 'The job ID printed in the log is N' and 'AID 10993 on US': 20/20.
describeHeldOutCorpus('holdout54', new URL('../fixtures/holdout54/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout55', new URL('../fixtures/holdout55/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout56-59 (a representative week; threads and follow-ups; a Japanese SIer week; phone one-liners and long
// pasted mails): blind 19/20, 16/20, 15/20 and 19/20 (category 20, 18, 19, 20). Then the harm downstream as the goal
// ('the sales dashboards are empty'), 'への連携用に', a colleague's earlier ticket ('had a ticket with you'), 'ジョブの
// ID', a JDBC URL as the call, an error under a verbless lead-in, history in an indented list with '04:30(JST)', a
// rule under pasted output that is no signature, indented Japanese form labels, OSS/implementation/plain SQL in
// other words: 20/20 each.
describeHeldOutCorpus('holdout56', new URL('../fixtures/holdout56/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout57', new URL('../fixtures/holdout57/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout58', new URL('../fixtures/holdout58/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout59', new URL('../fixtures/holdout59/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout60-63 (a representative week; partners new to the desk; replies with answers inline; weighted to spec and
// requests): blind 18/20, 16/20, 15/20 and 20/20 (category 20, 20, 19, 20). Then answers under a bracketed marker the
// sender named ('marked [PR]', '【回答】として記入'), a template field left empty above a filled one, 'Latest failure:
// job_id …' as a label, history and goals in more words, another vendor as the subject: 20/20 each.
describeHeldOutCorpus('holdout60', new URL('../fixtures/holdout60/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout61', new URL('../fixtures/holdout61/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout62', new URL('../fixtures/holdout62/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout63', new URL('../fixtures/holdout63/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout64-67 (a representative week; rich HTML with attachments; global agencies pasting code; small Japanese
// agencies in a hurry): blind 19/20, 19/20, 20/20 and 18/20 (category 20, 20, 20, 19). Then an earlier inquiry by its
// month ('4月にも…お問い合わせしており、その際は…とのご回答でした'), Tableau as a dashboard is no API client, a
// Japanese 'のソース' is the console, 'picked up by their Glue jobs', 'advise on the best design', a company's city
// in brackets: 20/20, 19/20 (open: 13, 'を呼び出す処理を検討しています' read as the goal), 20/20, 20/20.
describeHeldOutCorpus('holdout64', new URL('../fixtures/holdout64/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout65', new URL('../fixtures/holdout65/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout66', new URL('../fixtures/holdout66/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout67', new URL('../fixtures/holdout67/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout68-71 (a representative week; experienced writers telling things indirectly; forwarded end-user chains;
// large SIers' staff): blind 17/20, 15/20, 19/20 and 16/20 (category 18, 18, 20, 18). Then a bracketed '#N' after an
// earlier inquiry, English lines the client wrapped read as one for the category, goals told as a meeting, a plan
// ('予定なのですが'), an occasion ('配信に向けて') or where the data is shown, an opening '取り急ぎ' that is no
// closing, a value in 「」, where the fault lies asked about a failure, '…ことはありますでしょうか' supposed, a
// self-run Embulk upgraded, how an option behaves asked: 19/20 (open: 16, 'I also tried a minimal Java program …
// Both give the same error' read as history; the label calls it a reproduction), 20/20, 20/20, 20/20.
describeHeldOutCorpus('holdout68', new URL('../fixtures/holdout68/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout69', new URL('../fixtures/holdout69/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout70', new URL('../fixtures/holdout70/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout71', new URL('../fixtures/holdout71/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout72-75 (a representative week; month-end in a hurry; cross-language writers; follow-ups answering the desk):
// blind 20/20, 16/20, 19/20 and 15/20 (category 20, 18, 20, 19). Then output that came out wrong and 'ワークフローが
// 動いてない' as failures, goals as a hand-over or a use, an account in a footer ('TD acct# 77120') or in brackets
// after a few words, 'The job that failed this morning is N', a solved matter in a reply's subject, a link under an
// error label, a bracketed log stamp, an earlier request support handled: 20, 20, 20 and 19/20 (open: holdout75 20,
// 'our monthly board sales report extraction' labelled as the goal).
describeHeldOutCorpus('holdout72', new URL('../fixtures/holdout72/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout73', new URL('../fixtures/holdout73/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout74', new URL('../fixtures/holdout74/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout75', new URL('../fixtures/holdout75/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
// holdout76-79 (a representative week; consulting firms and Japanese ad agencies; mails carrying more than one thing;
// details in attachments): blind 18/20, 20/20, 16/20 and 16/20 (category 19, 20, 17, 19). Then 'Run from: Treasure
// Workflow', a shell session saved to a .log, Embulk 'on our own build server', support's earlier finding, a department
// that uses the output, Apple Mail's Japanese attribution ('…のメール:'), '以下のエラーになります', a past failure given
// 'for context', the vendor asked too, 'better SQL practice': 20/20 each.
describeHeldOutCorpus('holdout76', new URL('../fixtures/holdout76/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout77', new URL('../fixtures/holdout77/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout78', new URL('../fixtures/holdout78/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout79', new URL('../fixtures/holdout79/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout80-83 (a representative week; English voices; Japanese voices; every execution method in fair share): blind
// 19/20, 14/20, 18/20 and 18/20 (category 20, 18, 19, 19). Then a call mentioned inside a sentence no longer hides its
// times, a bracketed ticket with a date after it, a failure told outright and asked about, a formal spec question
// ('Could you kindly confirm…: Whether…'), the spec asked with design as the occasion, support's earlier help in other
// words, a campaign being planned, 'as part of the migration of…', '何回実行し直してもダメ': 20/20 each.
describeHeldOutCorpus('holdout80', new URL('../fixtures/holdout80/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout81', new URL('../fixtures/holdout81/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout82', new URL('../fixtures/holdout82/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout83', new URL('../fixtures/holdout83/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout84-87 (a representative week; mail as desks receive it; goal, history and times in many forms; out-of-scope
// weighted up): blind 20/20, 16/20, 17/20 and 19/20 (category 19, 19, 20, 19). Then a list asked for under a heading,
// the session that failed named in a sentence, goals as the basis of board material, a wish about a figure, an extract
// into a warehouse, 'みたい' as a guess, an earlier inquiry told as an experience, SQL and Excel questions in the
// sender's words: 20/20 each.
describeHeldOutCorpus('holdout84', new URL('../fixtures/holdout84/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout85', new URL('../fixtures/holdout85/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout86', new URL('../fixtures/holdout86/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout87', new URL('../fixtures/holdout87/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout88-91 (four representative weeks, written last): blind 17/20, 19/20, 17/20 and 19/20 (category 18, 20, 18,
// 20). Then self-run Embulk said in Japanese, SQL questions in other words, a condition of zero rows, 'three nights
// running', a list support gave before, a session URL cut after its last slash, a query saved and run by hand from
// the console: 20/20 each.
describeHeldOutCorpus('holdout88', new URL('../fixtures/holdout88/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout89', new URL('../fixtures/holdout89/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout90', new URL('../fixtures/holdout90/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout91', new URL('../fixtures/holdout91/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout92-95 (four representative weeks, written last): blind 16/20, 20/20, 19/20 and 20/20 (category 17, 20, 20, 20).
// Then '前に問い合わせた件', support's answer quoted in 「」, 'TDは経由していません', a digdag task path, '[Source: …]' in an
// exception, an attempt supposed ('ダウンロードしようとした場合'), 'the standard way to write this in SQL': 20/20 each.
describeHeldOutCorpus('holdout92', new URL('../fixtures/holdout92/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout93', new URL('../fixtures/holdout93/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout94', new URL('../fixtures/holdout94/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout95', new URL('../fixtures/holdout95/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout96-99 (nightly SI batch loads, agencies on activations and the API, Japan-heavy SIs, data engineers on
// workflows and SDKs): blind 17, 18, 18 and 18 of 20 (category 19, 20, 17, 20). Then a subject naming the specification,
// 'are running open source Digdag', SQL help, a design asked 'kindly', an HTTP status with its reason phrase, object IDs
// in a REST path, goals as a wanted state / a consumer / a recurring flow, 'a ticket with you', onset at a clock time: 20/20 each.
describeHeldOutCorpus('holdout96', new URL('../fixtures/holdout96/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout97', new URL('../fixtures/holdout97/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout98', new URL('../fixtures/holdout98/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout99', new URL('../fixtures/holdout99/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout100-103 (a consultancy's rotation, Japan-heavy partners with many zone notations, CDP agencies, connector
// engineers): blind 17, 17, 17 and 18 of 20 (category 18, 20, 18, 18). Then 'keeps timing out', an error quoted in a
// supposing question, a city's time, '(all Pacific)', goals as what a job builds / '…用の' / the process being built,
// '…から…ようになりました', user changes and lists of authentications asked for, Embulk on 'our own Ubuntu 20.04 batch
// server', a workflow project failing in a task: 20/20 each (holdout102 category 19: Braze vs Iterable pricing read as
// contract, labelled third_party_spec; out of scope either way).
describeHeldOutCorpus('holdout100', new URL('../fixtures/holdout100/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout101', new URL('../fixtures/holdout101/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout102', new URL('../fixtures/holdout102/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 19 });
describeHeldOutCorpus('holdout103', new URL('../fixtures/holdout103/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout104-107 (an SI help desk forwarding customers, all-Japanese partners, English agencies in five countries, edge
// cases): blind 18, 18, 17 and 18 of 20 (category 19, 20, 20, 20). Then Embulk 'を単体で', '…failed … with:' above the
// text, casual history ('ここ3日くらい毎朝', 'やってみたけどダメ'), vague attempts as no history, goals with のために /
// 'the one that refreshes' / 'wiring up our dashboard' / an app showing wrong data, 'so that shouldn't be it', a
// traceback's source line as no command, 'like I wrote you last time': 20/20 each.
describeHeldOutCorpus('holdout104', new URL('../fixtures/holdout104/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout105', new URL('../fixtures/holdout105/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout106', new URL('../fixtures/holdout106/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout107', new URL('../fixtures/holdout107/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout108-111 (a busy Monday, wrong or missing data rather than errors, project-start questions, phone and chat
// style with formal escalations): blind 17, 16, 19 and 15 of 20 (category 19, 14, 19, 18). Then output short, shifted,
// doubled or empty as a failure, a longer label before a session, goals with 監査用に / 'Why it matters:' / the load
// being done, a quote for seats, another vendor's limits and editions, 'which design is better', a region after
// 'アカウント N /' or before 'acct', '画面に出てるのは' over the screen's text: 20, 20, 20 and 19; holdout111 20 after the
// next round read 'I do not have that ticket number to hand' (an inquiry without its number beside one with it).
describeHeldOutCorpus('holdout108', new URL('../fixtures/holdout108/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout109', new URL('../fixtures/holdout109/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout110', new URL('../fixtures/holdout110/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout111', new URL('../fixtures/holdout111/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout112-115 (a sale week at retailers, Japanese finance partners, API and SDK developers, follow-ups and threads):
// blind 18, 18, 14 and 16 of 20 (category 18, 20, 19, 19). Then another vendor capping on its side, SQL help 'not
// strictly a TD question', Looker's own behaviour, '…までは…届いていました', a Japanese list item wrapped after 'も',
// a deferred answer as no history, goals ('Goal is simply to…', 'for the CDP', '毎晩の…を書き込む'), support's
// convenience as no goal, 'client.showJob(…)', a ticket number the sender lacks, a solved matter then a new question:
// 20/20 each (holdout115 category 20).
describeHeldOutCorpus('holdout112', new URL('../fixtures/holdout112/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout113', new URL('../fixtures/holdout113/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout114', new URL('../fixtures/holdout114/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout115', new URL('../fixtures/holdout115/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout116-119 (a Japanese SI's week, scheduled-job operations, non-engineers through their agency, messy formatting):
// blind 18, 15, 14 and 14 of 20 (category 19, 19, 16, 19). Then failures told by non-engineers (didn't go out, dropped to
// zero, 届いていない, 数字がおかしい), a listing of schedules, SQL compared in Japanese, 'Salesforce itself', an HTML
// table with a full-width value, 'アカウント(ID: N)', zones written out in Japanese, goals, an inquiry to support told
// in a forwarded mail: 20, 19, 19 and 19. Open: holdout117 16 ('米国のお客様(アカウントID 47750)' read as us01; the label
// says the customer is American, not the site), holdout118 16 ('We had the same thing back in March' read as history),
// holdout119 10 (the Account ID typed inline under support's quoted question, as a bare number; read in the session
// after: the question names two things, 'Account ID and Console Environment', and the answer gives them in order).
describeHeldOutCorpus('holdout116', new URL('../fixtures/holdout116/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout117', new URL('../fixtures/holdout117/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout118', new URL('../fixtures/holdout118/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout119', new URL('../fixtures/holdout119/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout120-123 (a representative month, four industries with non-native writers, toolbelt and workflow on many
// systems, category boundaries): blind 18, 18, 16 and 19 of 20 (category 20, 19, 18, 19). Then 'ran every Monday
// through May', 'アカウント（IDは…番）', a state supposed in a question, a deck's numbers coming from the query, a shell
// that does not know the command, how to write a conversion in PowerShell, Linux named by a container image: 20, 20, 20
// and 19; holdout123 20 once a question after 'Also - unrelated to the failure' was read as an aside of the failure report.
describeHeldOutCorpus('holdout120', new URL('../fixtures/holdout120/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout121', new URL('../fixtures/holdout121/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout122', new URL('../fixtures/holdout122/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout123', new URL('../fixtures/holdout123/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout124-127 (an ordinary week, partners who know the guideline and who don't, connectors and outputs, follow-ups
// and threads), scored on the code after the holdout120-123 round: blind 20, 20, 19 and 20 of 20 (category 20 each).
// Then an HTML row whose value is a link no longer read as a header row: 20/20 each.
describeHeldOutCorpus('holdout124', new URL('../fixtures/holdout124/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout125', new URL('../fixtures/holdout125/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout126', new URL('../fixtures/holdout126/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout127', new URL('../fixtures/holdout127/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout128-131 (a mixed week across six countries, a Japanese-majority set, English data and marketing ops, things easy
// to misread): blind 19, 19, 19 and 14 of 20 (category 19, 19, 20, 19). Then 'what status code comes back' as a question,
// open-source Digdag wrapped before its version, 'どちらが推奨', a Source with its number, an inquiry to TD told in a
// forwarded mail, goals ('…更新用のワークフロー', 'for a one-off attribution analysis', 'keeps our CRM in line'): 20, 20,
// 20 and 18. Open: holdout131 03 and 04 (goals labelled from 'kicks off the inventory rollup query' and 'the file must
// land before the Tokyo team's day').
describeHeldOutCorpus('holdout128', new URL('../fixtures/holdout128/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout129', new URL('../fixtures/holdout129/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout130', new URL('../fixtures/holdout130/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout131', new URL('../fixtures/holdout131/', import.meta.url), { mails: 20, exactMissingFloor: 18, categoryFloor: 20 });
// holdout132-135 (writers of every seniority, CDP projects, batch pipelines, busy partners between meetings): blind 19,
// 15, 19 and 18 of 20 (category 20, 19, 20, 20). Then 'Account ID .......... 7720', 'We did ask for a similar list',
// asking support to carry out a deletion, then '昨日までは普通に使えていました', 'Tried another prefix … got the same',
// 'keeps failing again' as no history, 'Our nightly export of … into the client's DWH', '会員向けメール配信': 20, 19, 20
// and 20. Open then: holdout133 17 ('学習に使われるデータの期間に上限はありますか' read as a goal inside a question;
// the session after: what a thing is used for counts as a goal in statements only): 20.
describeHeldOutCorpus('holdout132', new URL('../fixtures/holdout132/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout133', new URL('../fixtures/holdout133/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout134', new URL('../fixtures/holdout134/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout135', new URL('../fixtures/holdout135/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout136-139 (an ordinary fortnight, Japanese SIers, English agencies with replies and forwards, late, wrong or
// slow data), the session's last round: blind 18, 19, 18 and 17 of 20 (category 20, 20, 19, 19). Then a segment named
// with its number, ownership 'moved to' someone, a run far slower than usual, emails that went out with old data:
// 19, 19, 18 and 18, then '…保管したいため' as a wish: holdout136 20. The session after: support's quoted reply signed
// only with its name, 'the session that failed … is N', '(project: p, workflow: w)', 'The activation log shows', 'The
// last successful sync', 'We download … nightly': holdout138 and holdout139 20. Open: holdout137 15 (labelled no history
// for 'started failing' plus one reproduction, where other writers count an onset as history).
describeHeldOutCorpus('holdout136', new URL('../fixtures/holdout136/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout137', new URL('../fixtures/holdout137/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout138', new URL('../fixtures/holdout138/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout139', new URL('../fixtures/holdout139/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout140-143 (Japanese SIers answering support's questions inline, agencies on category boundaries, API/SDK/CLI
// developers, follow-ups heavy with history and zones): blind 17, 19, 19 and 17 of 20 (category 20, 19, 20, 20). Then
// answers typed between the '>' lines of support's mail under an Outlook header block read as the sender's, an arrow
// before an inline answer, a label naming two things (inline, or in a numbered form table), Presto's 'Query failed
// (#id):', an error shown under 'If the job fails with error like this:' and answered by a question as supposed, the
// Node client's calls, 'our REST export script', an activation's run history, a ticket number the sender forgot: 20 each.
describeHeldOutCorpus('holdout140', new URL('../fixtures/holdout140/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout141', new URL('../fixtures/holdout141/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout142', new URL('../fixtures/holdout142/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout143', new URL('../fixtures/holdout143/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout144-147 (a retailer's busy season told by marketing ops, ingestion and export pipelines, mails easy to misread,
// an ordinary month): blind 16, 17, 15 and 18 of 20 (category 17, 19, 18, 19; secrets 17 of 18, one password in Java
// code missed). Then failures told by what they did ('didnt go out', 'gone from ~40 minutes to over 3 hours', '人数が…
// 急に減って'), earlier inquiries told in passing, history ('先週から誰も変更していない', 'updated fine … until'; 'failed again'
// alone no longer counts, as two writers labelled), goals ('I refresh … dashboards', '予定のため', '必要があるため'), '必要な
// 権限の一覧' as no listing, 'nothing has failed, I'm just asking', 'SQLとしてこういう動き', 'Google側では…のか', a log line
// ending in a colon as no lead-in, a config's zone ending at the sender's next heading, 'Brasília time': 19, 20, 20 and
// 20. Open: holdout144 14 (a goal labelled from 'our Cyber Monday list to Klaviyo … The send is at 6am').
describeHeldOutCorpus('holdout144', new URL('../fixtures/holdout144/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout145', new URL('../fixtures/holdout145/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout146', new URL('../fixtures/holdout146/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout147', new URL('../fixtures/holdout147/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout148-151 (security-minded finance partners, casual small agencies, workflow operations at scale, Audience Studio
// and console users): blind 15, 14, 15 and 14 of 20 (category 19, 18, 18, 19; secrets 20 found, none false or missed).
// Then reading fixes (a URL cut inside an ID, a list bullet no longer glued to a URL before it, a link's address in an
// HTML-only mail, IDs with thousands separators, region names in any case and before の環境, a message above 'と表示され
// て', under 'The page only shows:', with '(code: X)'), the sender's framing over a failure (cue `framing`), a self-run
// digdag, '今のところエラーにはなっていません', casual owner changes and design questions, goals, history and earlier
// inquiries: 19, 20, 20 and 20. Open: holdout148 10 (history labelled absent for 'failed again overnight, same problem as
// last time we raised it with you').
describeHeldOutCorpus('holdout148', new URL('../fixtures/holdout148/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout149', new URL('../fixtures/holdout149/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout150', new URL('../fixtures/holdout150/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout151', new URL('../fixtures/holdout151/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout152-155 (partners across Asia writing English as a second language, follow-ups in ongoing tickets, wrong data
// rather than crashes, everything that is not a failure report): blind 19, 16, 16 and 14 of 20 (category 20, 19, 16, 14;
// secrets 17 found, none false or missed). Then non-failure categories told without their keywords (an owner handover,
// a list asked for below the ask, SQL technique, shell tools, ways weighed, a feared failure '…のではないかと懸念'), wrong
// data told plainly (profiles dropped, sent twice, counts too low, showing 0 profiles), a waived charge, a table drawn
// with '+' corners, history and goals: 20, 19, 20 and 20. holdout153 08 (a goal told only as what the orchestrator does
// next: 'only starts the downstream reporting DAG once the count has grown') reads since the holdout188-191 round.
describeHeldOutCorpus('holdout152', new URL('../fixtures/holdout152/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout153', new URL('../fixtures/holdout153/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout154', new URL('../fixtures/holdout154/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout155', new URL('../fixtures/holdout155/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout156-159 (a Monday morning queue, Japanese partners in many registers, API/SDK developers in English, mails with
// many moving parts): blind 17, 18, 17 and 18 of 20 (category 20, 20, 19, 19; secrets 19 of 20 found, one false: see the
// secrets commit after this one). Then a table drawn with box lines (read through the same look-alike map the evidence
// locator uses), td.bat, SDK calls and a prompt after a log stamp as commands, the sender's framing 'really about Branch's
// side', 'stop to import', a mail that asks nothing and tells a failure is no vendor or design question (askedOnly),
// history ('土曜の夜からほぼ全部こけてます', '再実行するも、同一エラー'), a numbered item '１．2026/06/01 …' under a zoned
// lead-in, goal '毎朝…を取得して表示': 19, 20, 19 and 20. Open: holdout156 04 (a goal only in the partner's first mail,
// nested in support's quote: 'the client's CRM push is blocked'), holdout158 20 (error text 'only in the screenshot' while
// an error-like line stands in the mail).
describeHeldOutCorpus('holdout156', new URL('../fixtures/holdout156/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout157', new URL('../fixtures/holdout157/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout158', new URL('../fixtures/holdout158/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout159', new URL('../fixtures/holdout159/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout160-163 (a quarter's random sample, the guideline's template filled badly, secrets and look-alikes, goals /
// history / earlier inquiries in every form): blind 18, 14, 20 and 17 of 20 (category 20, 20, 20, 19; secrets 28 found,
// none missed, three reported beyond the labels in the secrets set: see the secrets commit after this one). Then a
// template filled with 'see attached' / 'なし' / a company name gives nothing, '【label】value', a ticket number after は,
// history that needs its time ('has started failing' alone is none, as two writers labelled), 'see my previous mail',
// an onset after an update, a suspicion relayed ('…のではないか」と問い合わせがあり'): 18, 19, 20 and 19. Open: holdout160
// 10/16, holdout161 01 (how the export ran '確認中', read as the console from 'Export Results To'), holdout163 04 (not read).
describeHeldOutCorpus('holdout160', new URL('../fixtures/holdout160/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout161', new URL('../fixtures/holdout161/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
// Two of the secrets the checker reports in holdout162 the writer left out, and stay reported: an AWS_SESSION_TOKEN in
// an attached .env (a temporary credential that works with the key beside it) and a presigned URL's X-Amz-Signature
// (anyone holding the URL can fetch the object); the spec asks for credentials the sender failed to mask, "at least"
// the listed kinds.
describeHeldOutCorpus('holdout162', new URL('../fixtures/holdout162/', import.meta.url), {
  mails: 20,
  exactMissingFloor: 20,
  categoryFloor: 20,
  secretsBeyondLabels: {
    '07-wf-snowflake-py-dotenv-attachment-leaks.eml': ['bearer_token'],
    '14-toolbelt-s3-result-presigned-url-leaks-key.eml': ['bearer_token'],
  },
});
describeHeldOutCorpus('holdout163', new URL('../fixtures/holdout163/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
// holdout164-167 (an end-of-quarter week, short mails, long thorough mails, category boundaries written fresh): blind 15,
// 15, 16 and 15 of 20 (category 19, 18, 19, 15; secrets 19 found, none false or missed). Then listings asked as
// questions, 'Nothing is failing here' / 'エラーではありません', 'TD side issue or Google side?' as an ask about the failure,
// a query-language function, goals told as the consumer, 'The console shows: CODE: …': 18, 17, 16 and 18 (category 19,
// 20, 19, 20); then a timeline's heading with its zone, 'yesterday it was still working', 'Same kind of reset you did for
// us last month', '…作成用の日次WF': 18, 20, 18 and 18.
describeHeldOutCorpus('holdout164', new URL('../fixtures/holdout164/', import.meta.url), { mails: 20, exactMissingFloor: 18, categoryFloor: 19 });
describeHeldOutCorpus('holdout165', new URL('../fixtures/holdout165/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout166', new URL('../fixtures/holdout166/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 19 });
describeHeldOutCorpus('holdout167', new URL('../fixtures/holdout167/', import.meta.url), { mails: 20, exactMissingFloor: 18, categoryFloor: 20 });
// holdout168-171 (an ordinary fortnight by new writers, marketing and CRM teams, SIers' nightly batches, one item subtly
// absent or present): blind 20, 18, 19 and 15 of 20 (category 19, 18, 20, 20; secrets 16 found, none false or missed).
// Then 'came out empty for today's send', an object's '(id N)', td_ddl named without '>', earlier inquiries with 'your
// team' or a colleague's name, a recurring output wanted in the subject: 20, 19, 19 and 18 (category 19, 19, 20, 20), the
// session's last round. Open: holdout171 02 ('account number 118734 - that is the Order No.' read as the account).
describeHeldOutCorpus('holdout168', new URL('../fixtures/holdout168/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 19 });
describeHeldOutCorpus('holdout169', new URL('../fixtures/holdout169/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 19 });
describeHeldOutCorpus('holdout170', new URL('../fixtures/holdout170/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout171', new URL('../fixtures/holdout171/', import.meta.url), { mails: 20, exactMissingFloor: 18, categoryFloor: 20 });
// holdout172-175 (a realistic week, connectors and activations, developers and analysts, requests / listings / contract
// and follow-ups): blind 19, 18, 20 and 17 of 20 (category 20, 18, 20, 20; secrets 17 found, none missed, one reported
// beyond the labels: an AWS secret key written as an S3 URL's password was called a password, mended in the secrets
// commit before this one). Then earlier inquiries 'as when we wrote in last month', 'you guys sorted it', goals 'so the
// rollup lands in the reporting DB', '…取り込んで欠品アラートを出している': 19, 18, 20 and 20, the session's last round.
describeHeldOutCorpus('holdout172', new URL('../fixtures/holdout172/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout173', new URL('../fixtures/holdout173/', import.meta.url), { mails: 20, exactMissingFloor: 18, categoryFloor: 19 });
describeHeldOutCorpus('holdout174', new URL('../fixtures/holdout174/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout175', new URL('../fixtures/holdout175/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout176-179 (terse phone and chat mails, data connectors, forms filled with subtle gaps, long threads and
// multi-party mails): blind 11, 19, 14 and 19 of 20 (category 14, 19, 19, 19; secrets 21 found, none false or missed).
// Then a goal field holding the form's example, the problem itself or no aim; a field left with the form's hint;
// 'previous tickets', 'さっき送った…の追記', '…させていただいております'; terse asks ('…にかえてください', 'pls' in a subject, a
// design question, an SQL how-to); a failure supposed for the day it happens; a way around a failure asked; 'took 3h40';
// support's question quoted inline above its attribution; German Outlook headers; a failure settled in the new text and
// told only in the quoted first mail: 20, 20, 19 and 20 (category 20 each). Open: holdout178 20 ('通常の手順で実行' with a
// job page URL, labelled method unknown; read as console).
describeHeldOutCorpus('holdout176', new URL('../fixtures/holdout176/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout177', new URL('../fixtures/holdout177/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout178', new URL('../fixtures/holdout178/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout179', new URL('../fixtures/holdout179/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout180-183 (Japanese SIers' batch operations, marketing agencies writing in English, category boundaries,
// follow-ups answering support's questions): blind 17, 17, 17 and 16 of 20 (category 20, 19, 15, 19; secrets 17 found,
// none false or missed). Then a table with pipes between its cells only; earlier inquiries 'last autumn through your
// support desk' and 'last year' in a reply on this thread's ticket; 'Our target:'; ', to push the first repurchase';
// error lead-ins 'I have this error (…):', 'failed with this message:' (and 'log in as her' is none); '(Brasília time)';
// 'advise us how to design this', 'tell us how you would restructure it', 'would be a big help', 'the IDs of the
// workflow projects'; answers marked 【回答】 as announced; 'エラーとなるため' gives a reason; a question about the service
// itself vetoes general_it; a seat limit raised in persons is contract: 20 each (category 20, 20, 19, 20); then an
// Embulk run moved from the sender's server to the Data Connector is no oss mail (categories.vetoes): category 20 each.
describeHeldOutCorpus('holdout180', new URL('../fixtures/holdout180/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout181', new URL('../fixtures/holdout181/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout182', new URL('../fixtures/holdout182/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout183', new URL('../fixtures/holdout183/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout184-187 (a realistic week, API and SDK developers, layouts hard to read, problems without error text): blind 20,
// 16, 16 and 19 of 20 (category 20, 19, 20, 20; secrets 21 found, none false, one missed: a TD API key in a mail whose
// plain-text part only pointed at the HTML one). Then that stub is read through its HTML part, with every character
// reference decoded (the entities package); an attached CSV under its header line; linux from container images
// ('node:20.14-alpine3.20', 'distroless/static-debian12'); 'job=N' in a structured log; goals 'implementing td-js-sdk
// (version 4.2) … to collect pageviews', 'they want … queryable in Athena'; 'the idiomatic way to do this in Node 20';
// a colleague's ticket of last month: 20, 20, 19 and 19. Open: holdout186 02 (the OS and the code only in log lines of
// an attached runner log, labelled present), holdout187 14 (a run that 'finished successfully' but delivered nothing
// read as history).
describeHeldOutCorpus('holdout184', new URL('../fixtures/holdout184/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout185', new URL('../fixtures/holdout185/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout186', new URL('../fixtures/holdout186/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout187', new URL('../fixtures/holdout187/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
// holdout188-191 (partners outside Japan and the US, security and access, Treasure Workflow operators, mails with more
// than one thing in them): blind 16, 17, 18 and 19 of 20 (category 19, 18, 20, 19; secrets 25 found, none false, one
// missed: a private key in an attached .pem typed application/x-pem-file). Then 'Instance: Frankfurt', 'EU（フランクフルト）
// 環境'; 'TD 계정 ID (Account ID): 16044'; Korean clock times ('오전 9시') and zones ('한국 시간'); key and certificate
// files read as text; SAML SSO into the console; 'APIを叩く'; identity providers as integration targets; a failure's
// rhythm is no data flow; the run a downstream batch waits for; 'ためには…必要でしょうか' asks the means; a paragraph
// that calls itself a side matter ('Separately, … may belong to a different team') does not decide the category: 20
// each (category 19, 19, 20, 20).
describeHeldOutCorpus('holdout188', new URL('../fixtures/holdout188/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 19 });
describeHeldOutCorpus('holdout189', new URL('../fixtures/holdout189/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 19 });
describeHeldOutCorpus('holdout190', new URL('../fixtures/holdout190/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout191', new URL('../fixtures/holdout191/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout192-195 (console users of every screen, the non-technical inbox, failure reports that trip on details, rambling
// mails by writers who never read the guideline): blind 15, 18, 15 and 11 of 20 (category 20, 16, 20, 17; secrets 16
// found, none false or missed). Then a console address without its scheme and a URL cut inside a path word; earlier
// talks with support by chat or thread; listing asks ('…を洗い出して、一覧でいただく', 'we need a list of …') and a
// sentence opening 'The background is' asks nothing; '…停止してしまうのでしょうか' supposes; 'cannot sign in' and 'she
// gets:'; goals in subjects ('…抽出したい：'), 'wants a monthly archive', 'must land before …', Japanese nightly flows,
// 'レコメンド用テーブル'; 'ご容赦ください' asks nothing; 'TD側で何か変わった' asks about the failure; a button on the Jobs page
// is the console; 'could download at last week': 18, 20, 18 and 18 (category 20, 20, 20, 19), the session's last round.
// Open: holdout192 02 (an error typed by hand under 'I typed it from the screen, so maybe small typos:'), 18 ('every
// morning at 7' as a clock time), holdout194 13 (numbered steps that only
// reproduce). (holdout194 04, a workflow Project ID as the target, reads since 2026-12-06; holdout195 10, 'RANGE and
// ROWS' of a window frame, and 18, 'It was all fine last Friday', since 2026-12-06's second session.)
describeHeldOutCorpus('holdout192', new URL('../fixtures/holdout192/', import.meta.url), { mails: 20, exactMissingFloor: 18, categoryFloor: 20 });
describeHeldOutCorpus('holdout193', new URL('../fixtures/holdout193/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout194', new URL('../fixtures/holdout194/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout195', new URL('../fixtures/holdout195/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout196-199 (an ordinary Monday, partners with two accounts or regions, analysts and marketers on the console,
// toolbelt users), written fast at the end of the session: blind 18, 18, 12 and 19 of 20 (category 20, 20, 16, 20;
// secrets 14 found, none false or missed). Then an account told with a few words between label and number; a td command
// continued with '\\'; 'shows the wrong date'; '次のように表示されています。' above the text; history '…まではX万人前後で
// 推移していた', 'still shows last Tuesday's numbers', '2回実行しなおしましたが'; a goal read in Tableau; 'SQLの初歩的な質問':
// 19, 18, 17 and 19 (category 20, 20, 18, 20). The next session: '対象者数を見積もって' is no quotation, 'how is it
// counted' names the specification, 'jumped from about 80k … to 2.1 million' is a failure, 'We didn't touch it' history:
// holdout198 19 (category 20). Open: holdout198 18 (a goal told as 'Our CRM team compares this with the shop system'),
// holdout197 18 (two accounts: the labels take the failing one; read since the holdout336-339 round). Read since
// 2026-12-06's second session: holdout196 11 ('月曜の朝会で使う数字なので'), holdout197 11 (a dashboard that shows the
// data), holdout199 16 ('error is same').
describeHeldOutCorpus('holdout196', new URL('../fixtures/holdout196/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout197', new URL('../fixtures/holdout197/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout198', new URL('../fixtures/holdout198/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout199', new URL('../fixtures/holdout199/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout200-203 (alerts forwarded by workflow operators, CDP marketers in keigo, long threads in every client's quote
// style, engineers writing English as a second language): blind 13, 17, 16 and 19 of 20 (category 18, 17, 17, 20).
// Then an alert forwarded from a no-reply address is passed on, not support's (the no-reply rule from the first
// baseline took every such block for support's); a workflow ID in JSON and a labelled project ID; "Questions (all
// about Opsgenie)"; a shell trace ("+ td query …") is code; counts in quotes are no message; supposed and asked-about
// outcomes are no failure; heard answers ("「…」と伺った"); options A/B put to support; "SFMC 側…ご存知の範囲で";
// an earlier ticket "not to hand"; goals "…のため、…しているワークフロー", "so the BI marts refresh": 19, 20, 20, 19
// (category 19, 20, 20, 20). Open: holdout200 06 ('Nothing failed, both runs were green' beside two attempt IDs:
// exact since an earlier session, its category still error).
// (holdout200 05, 'リトライ3回後' in an alert, is no history since 2026-12-06's second session.) (holdout203 17, 'we want to be sure it is defined
// behaviour', is no goal since 2026-12-06's second session, while 'want to make sure the tables include …' stays one.)
describeHeldOutCorpus('holdout200', new URL('../fixtures/holdout200/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 19 });
describeHeldOutCorpus('holdout201', new URL('../fixtures/holdout201/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout202', new URL('../fixtures/holdout202/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout203', new URL('../fixtures/holdout203/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout204-207 (SIers' incident-report templates, data connector engineers, short mixed-language phone mails,
// account administration and security), scored with the 200-203 round's fixes in place but before any tuning on
// them: blind 19, 18, 14 and 17 of 20 (category 20, 19, 18, 16). Then a sentence leading into a list ('…Could you
// please:') is no empty form field; '画面には下記が出ます。'; a console that cannot be opened; history '…した直後から',
// 'までは毎日取れてました'; an ISMS audit is an occasion, a security assessment sheet a contract matter; 'more of an Okta
// question than…'; 'getting "Login failed. …"'; 'every time I hit Save'; 'データワークベンチ'; a sentence that starts
// with 'td query' is prose; a Presto format question is general_it; 'counted against our contract': 20, 20, 20, 20.
describeHeldOutCorpus('holdout204', new URL('../fixtures/holdout204/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout205', new URL('../fixtures/holdout205/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout206', new URL('../fixtures/holdout206/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout207', new URL('../fixtures/holdout207/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout208-211 (SDK and ingestion developers, small companies' lone IT staff pasting chats, facts in tables, mails
// with more than one matter), scored with the 204-207 round's fixes but before tuning on them: blind 18, 15, 18 and 18
// of 20 (category 19, 19, 20, 20). Then a chat pasted in stamps its messages (no clock time to ask a zone for); a
// screen that cannot be seen or stays blank; a sheet pasted with tabs keeps its empty cells; 'JobID' heads a job
// column; a wrapped sentence starting with 'td query' is prose; goals "We're backfilling …", '…テーブルを作るワーク
// フロー'; 'the last time I wrote in'; a browser's CSP message: 19, 20, 19, 20 (category 19, 20, 19, 20). Open: holdout208
// 09 (an Adjust retry question read as spec), holdout210 19 (a spec question about job statuses whose sample output,
// now read as a job table, shows 'error'). (holdout208 11, a key created in the console for an SDK, reads as the
// console since 2026-12-06's second session: 'コンソールでエラーになり'.)
describeHeldOutCorpus('holdout208', new URL('../fixtures/holdout208/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 19 });
describeHeldOutCorpus('holdout209', new URL('../fixtures/holdout209/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout210', new URL('../fixtures/holdout210/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 19 });
describeHeldOutCorpus('holdout211', new URL('../fixtures/holdout211/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout212-215 (privacy and data lifecycle, query performance, account managers relaying complaints, corporate mail
// clutter), scored with the 208-211 round's fixes but before tuning on them: blind 18, 16, 18 and 19 of 20 (category 17,
// 16, 19, 19). Then slow and queued runs told as trouble; 'Could you please kill job …'; 'Is there a way to run this …'
// under pasted error text; questionnaires and data processing agreements; history '1回目は…2回目は…', 'started with the
// May 4 file and has happened every week since', 'with no problems up to last week'; 'おすすめの作り方': 20 each.
describeHeldOutCorpus('holdout212', new URL('../fixtures/holdout212/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout213', new URL('../fixtures/holdout213/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout214', new URL('../fixtures/holdout214/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout215', new URL('../fixtures/holdout215/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout216-219 (partners in Korea, Taiwan, China, Thailand and Indonesia; replies answering support's checklist;
// suspected outages; data scientists), scored with the 212-215 round's fixes but before tuning on them: blind 17, 16, 17
// and 16 of 20 (category 20, 19, 17, 18). Then Asian city times written out ('台北時間', '北京時間'); 'since 0300';
// answers under a quote with no attribution line; 'N/A(エラーではありません)'; 'Query exceeded … limit' pasted; an
// earlier request for another client in a reply; 're-run the following sessions'; SLA credits; 'is red', 'is TD down';
// statistics questions; goals 'helping X build … for', '…モデルを作っています', '… on their board dashboard': 20 each.
describeHeldOutCorpus('holdout216', new URL('../fixtures/holdout216/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout217', new URL('../fixtures/holdout217/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout218', new URL('../fixtures/holdout218/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout219', new URL('../fixtures/holdout219/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout220-223 (an ordinary week, facts in attachments, unusual Japanese typography, frustrated escalations), scored
// with the 216-219 round's fixes but before tuning on them: blind 19, 13, 16 and 17 of 20 (category 20, 18, 19, 20).
// Then a shell log tells its system by prompts and uname; '時刻はすべて…' covers its block; self-hosted Embulk said in
// one breath; 'a basic SQL thing'; 'the activation keeps failing'; 'the third time I'm writing in'; '…so the journey
// picks it up'; 'LINE公式アカウント側…': 19, 18, 18, 19; then '前にも一度同じお願いをして出してもらった', '…統合している
// ワークフロー': 20, 18, 19, 19. Open: holdout221 20 (a command only in a JDBC trace; 08, 'load them into their Snowflake
// warehouse', reads since 2026-12-06's second session), holdout222 03 (a body
// wrapped every 20 characters splits IDs and URLs), holdout223 01 ('this
// morning around 6:40' in the sentence whose other time is '2:15p PT').
describeHeldOutCorpus('holdout220', new URL('../fixtures/holdout220/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout221', new URL('../fixtures/holdout221/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout222', new URL('../fixtures/holdout222/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout223', new URL('../fixtures/holdout223/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
// holdout224-227 (retail and e-commerce, media and apps, finance and healthcare compliance, first-time users), scored
// with every fix before them but before any tuning on them: blind 20, 19, 18 and 18 of 20 (category 20, 19, 19, 18;
// one secret missed: an OpenPGP secret key block, mended in src/analysis/secrets.ts). Written at the end of a session;
// tuned in the next: '失敗したワークフローを…Retryした場合' supposes a failure; '書き方がよく分かりません', 'COALESCEとIFNULLは
// どちらを使うべき', sample SQL asked for; a tie between categories goes to the one the main ask speaks of; '金融庁検査への
// 対応として'; 'Tried sending it form-encoded'; 'these are really AppsFlyer questions': 20, 20, 20, 20.
describeHeldOutCorpus('holdout224', new URL('../fixtures/holdout224/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout225', new URL('../fixtures/holdout225/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout226', new URL('../fixtures/holdout226/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout227', new URL('../fixtures/holdout227/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout228-231 (logistics and manufacturing with pasted CSV, phone mails in a hurry, migrations from other stacks,
// formal SIer keigo with offshore teams), scored with the fixes of 224-227 and the older misses but before tuning on
// them: blind 19, 17, 20 and 16 of 20 (72/80 = 90 %; category 20, 19, 20, 17; secrets 22 found, none false or missed).
// Then rows of pasted CSV carry no event times; 'Sesion ID' typed on a phone; 'BI側で毎朝このファイルを読み込んでるので';
// '取り急ぎ送ってしまい' apologises for a mail; '一般的な SQL に関するご質問'; '先週…お送りいたしました…のご依頼';
// 'our previous mail to TD Support'; 'before we hand it over … for UAT'; '設計レビューの参考'; 'advise on the following
// design points': 20, 20, 20, 20.
describeHeldOutCorpus('holdout228', new URL('../fixtures/holdout228/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout229', new URL('../fixtures/holdout229/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout230', new URL('../fixtures/holdout230/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout231', new URL('../fixtures/holdout231/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout232-235 (automation engineers in CI/CD, a week of replies in every client's quote style, Audience Studio
// marketers, access and administration), scored with the 228-231 round's fixes and six older misses mended but before
// tuning on them: blind 17, 18, 20 and 16 of 20 (71/80 = 89 %; category 20, 18, 20, 19; secrets 23 found, none false or
// missed). Then PEM and base64 lines are data (a list lead-in's zone reaches past a pasted certificate); '止まってしまう
// ことは避けたい', 'アクセスできなくなった場合' suppose; a heading over the message with no colon; 'says "Invalid
// verification code…"'; 'log in to treasure data' is the console; a label with its own zone covers only its value;
// a build log's stamps to the second; Java stack frames and logger lines are no command; a reply whose new text
// settles the failure takes its category from that text; 'both UK time': 20, 20, 20, 20.
describeHeldOutCorpus('holdout232', new URL('../fixtures/holdout232/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout233', new URL('../fixtures/holdout233/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout234', new URL('../fixtures/holdout234/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout235', new URL('../fixtures/holdout235/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout236-239 (cloud data connectors, European partners, data that looks wrong without failing, forwarding chains),
// scored with the 232-235 round's fixes but before tuning on them: blind 18, 19, 16 and 19 of 20 (72/80 = 90 %; category
// 18, 19, 15, 18; secrets 22 found, none false or missed). Then '書き方がよく分からず', 'どのように SQL を書けば'; 'Nothing
// fails, we just want to understand'; a URL's query string asks nothing; 'ファイル名の日付と中身がずれている'; '昨日から
// 更新されていません'; an English heading ends a config block's zone; 'my ticket from last week'; 'Looker Studioで
// 可視化しています', 'the PDF the ops managers get'; legal disclaimers read for no ask and no category; listings of
// Saved Queries and Authentications, not a list attached; 'the Owner role moved from … to …'; 'how the … export works on
// your side'; 'GA4 の管理画面の…': 20, 20, 20, 20 (category 19, 20, 20, 20; open: holdout236 13, an Azure storage
// tier's early-deletion charge read as spec, not third_party_spec).
describeHeldOutCorpus('holdout236', new URL('../fixtures/holdout236/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout237', new URL('../fixtures/holdout237/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout238', new URL('../fixtures/holdout238/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout239', new URL('../fixtures/holdout239/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout240-243 (privacy-bound insurance and healthcare, game studios, project managers' status mails, workflow
// operators), scored with the 236-239 round's fixes but before tuning on them: blind 18, 17, 17 and 15 of 20 (67/80 =
// 84 %; category 19, 19, 20, 16; secrets 22 of 23 found, none false: a password in an Embulk template attached as
// '.yml.liquid', read as text since). Then vendor framings ('Question about Braze behaviour', 'this is mostly about how
// Google works', Slack and alerting services as vendors); 'We run our own Digdag server'; an example in brackets and a
// URL's words report no failure; 'All times below are JST'; a numbered section heading ends a timeline's zone; IDs
// masked after their first digits; 'コンソールから流してるクエリ'; 'ワークフロー名:'; 'I actually sent the same request
// in April'; 'customer wants … backfilled'; 'どのようにワークフローに' asks how: 20, 20, 20, 19 (category 20, 20, 20, 20;
// open: holdout243 12, the reason for a change read as history).
describeHeldOutCorpus('holdout240', new URL('../fixtures/holdout240/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout241', new URL('../fixtures/holdout241/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout242', new URL('../fixtures/holdout242/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout243', new URL('../fixtures/holdout243/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
// holdout244-247 (retail and restaurant marketing in Japan, non-technical account managers, network and HTTP trouble, an
// ordinary Tuesday), scored with the 240-243 round's fixes but before tuning on them: blind 18, 16, 18 and 19 of 20
// (71/80 = 89 %; category 19, 20, 18, 20; secrets 24 found, none false or missed). Then 'Segment ID is N'; 'Activation
// failed: (#2650) Failed to …'; '（日本時間）' beside the account is no region; a time in reported speech (「…」と伺って)
// is an event; '普通に回ってました'; 'failed again … and yesterday as well'; goals '…を自動発行しています', 'the finance
// team gets a daily sales CSV', 'ダッシュボードを、…表示している'; a TD tool's proxy settings are the service's spec;
// 'export the following: 1. all users': 20, 20, 20, 20 (category 19, 20, 20, 20; open: holdout244 06, a question about
// LINE user IDs in an activation read as a vendor question).
describeHeldOutCorpus('holdout244', new URL('../fixtures/holdout244/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 19 });
describeHeldOutCorpus('holdout245', new URL('../fixtures/holdout245/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout246', new URL('../fixtures/holdout246/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout247', new URL('../fixtures/holdout247/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout248-251 (ad agencies' conversion reporting, small partners of universities and non-profits, ISVs with many
// tenant accounts, hard category boundaries), scored with the 244-247 round's fixes but before tuning on them, written
// last in the session: blind 18, 19, 18 and 16 of 20 (71/80 = 89 %; category 20, 20, 19, 17; secrets 19 found, none false
// or missed). Then a bare 'Error:' ending a sentence leads in (the sentence keeps its channel and time); 'nothing to
// investigate on the failure itself' makes every failure shown background (categories.settledMatter); a credit on an
// invoice, 'contracted compute hours'; 'まだ本番では動かしておらず'; 'Data Connectorへの移行'; 'your colleague answered':
// 19, 19, 19, 19 (category 20, 20, 19, 20); then '…への…連携のため、' (holdout248 17): 20. Open: holdout250 07 (a goal told
// as what the sender's system does for its users), holdout249 19 (an error seen only in a screenshot, its sentence read as copied text),
// holdout250 04 (a rate-limit question about 300 accounts read as a design question), holdout251 20 ('前回問い合わせた時も
// 同じエラーだった' read as history).
describeHeldOutCorpus('holdout248', new URL('../fixtures/holdout248/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout249', new URL('../fixtures/holdout249/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout250', new URL('../fixtures/holdout250/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 19 });
describeHeldOutCorpus('holdout251', new URL('../fixtures/holdout251/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
// holdout252-255 (a new session's first round: first-time partners, information in attachments, bilingual and translated
// mail, partners' help desks forwarding their ticket notifications), blind 18, 15, 19 and 16 of 20 (68/80 = 85 %; category
// 18, 19, 20, 20; secrets: the bearer token in a HAR sent as application/octet-stream missed). Then a partner's own help
// desk writing from support@ is not support (its forwarded notification counts), its ticket numbers are not ours, a
// comment header's stamp is attribution (reading.yaml commentHeaders), a first contact told as one, goals ('auditors
// require us to keep', '…を表示する機能を追加する案件', "What we're after:"), HAR and scripts read as text and a script's
// calls are the command: 20, 18, 20, 20; then another vendor's specification named as the ask, and a question about how
// the service itself behaves (categories.mainAsk.aboutService), and "Could your team review the design": category 20 in each. Open: holdout253 04 (the error and console URL only inside the HAR's JSON), 19
// (the SQL a JDBC log shows as the command).
describeHeldOutCorpus('holdout252', new URL('../fixtures/holdout252/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout253', new URL('../fixtures/holdout253/', import.meta.url), { mails: 20, exactMissingFloor: 18, categoryFloor: 20 });
describeHeldOutCorpus('holdout254', new URL('../fixtures/holdout254/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout255', new URL('../fixtures/holdout255/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout256-259 (credentials and personal data, data-engineering pipelines around other tools, rich HTML mail from
// Outlook, Gmail and Apple Mail, month-end reporting under deadline), scored with holdout252-255's fixes but before tuning
// on them: blind 18, 17, 16 and 18 of 20 (69/80 = 86 %; category 18, 19, 19, 20; secrets: no real one missed; presigned
// URLs' signatures, which these writers do not list, flagged as before). Then a 'Command:' label's next line is the
// command; '…分からなくなってしまいました', '誤って…pushしてしまいました' report no failure; support asked to check access logs
// is a request; 'whether this error comes from … side, or from …' asks about the failure; goals ('ダッシュボードで見ている',
// '決算短信用に', 'wants one sheet that keeps …'); 'ran as expected at the end of March'; an inline image's '[cid:…]'
// placeholder is no text; a link's address only the HTML part has is read with its words: 20, 20, 20, 20 (category 19,
// 20, 20, 20). Open: holdout256 19 (category: a redaction asked as 'していただくことは可能でしょうか', which holdout38 13
// uses for a question).
// (16's presigned URL signature stays reported, as in holdout162: anyone holding the URL can fetch the object)
describeHeldOutCorpus('holdout256', new URL('../fixtures/holdout256/', import.meta.url), {
  mails: 20,
  exactMissingFloor: 20,
  categoryFloor: 19,
  secretsBeyondLabels: { '16-en-general-it-hash-pii-presigned-url-akia.eml': ['bearer_token'] },
});
describeHeldOutCorpus('holdout257', new URL('../fixtures/holdout257/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout258', new URL('../fixtures/holdout258/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout259', new URL('../fixtures/holdout259/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout260-263 (answers to the auto-reply, partners across Asia writing English, event and streaming ingestion, privacy
// and legal matters), scored with the earlier rounds' fixes but before tuning on them: blind 19, 17, 11 and 16 of 20
// (63/80 = 79 %; category 20, 19, 18, 20; secrets: one AWS secret under Fluentd's 'aws_sec_key' missed). Then clock
// times written with a dot after a preposition ('around 08.15'), 'aws_sec_key', history ('それまでは…増えていました',
// '今日の21時ごろから', '…入らず欠損'), goals (the team that runs reports where the data lands, a use 'for the monthly
// billing reconciliation', a legal deadline, '開示する必要があります', '社内規程の保持期間…削除'), 'As you suggested', and
// 'the previous request (job N)' as a run: 19, 19, 17, 20 (category 20, 19, 18, 20); then '`td -k <new key> db:list`' as a
// command run (holdout262 02): 18. Open: holdout260 17 (an earlier
// inquiry told inside a forwarded thread of another ticket), holdout261 08 ('Quick question on how the service
// behaves' over a symptom), 17 (Fluent Bit as open source). Later (2026-12-06, second session): holdout262 06 ('about a
// third are missing' as a failure told plainly) mended: 19 (category 19).
describeHeldOutCorpus('holdout260', new URL('../fixtures/holdout260/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout261', new URL('../fixtures/holdout261/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 19 });
describeHeldOutCorpus('holdout262', new URL('../fixtures/holdout262/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 19 });
describeHeldOutCorpus('holdout263', new URL('../fixtures/holdout263/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout264-267 (CDP marketing operations, long threads of three to six quote levels, query trouble, a Japanese SIer's
// shared inbox on a Monday), written last in the session and scored with the earlier rounds' fixes but before tuning on
// them: blind 18, 18, 17 and 20 of 20 (73/80 = 91 %; category 20, 19, 17, 20; secrets none missed). Then 'Journey ID',
// goals ('wants the winback offer live before…', 'the dashboard gives store managers…') and a run's bare status in quotes
// ('「failed」と表示されるだけ') as no error text: 20, 18, 18, 20. Open: holdout265 03 (a supposed failure in a question read
// as a report; mended 2026-12-06 with 'もし…' as supposed: 19, category 20), 07 (an earlier inquiry of the sender's told inside a quoted thread), holdout266 07 (wrong results of a
// query read as a general SQL question), 14 (a goal only in the end user's forwarded words), 09 and 18 (category only).
describeHeldOutCorpus('holdout264', new URL('../fixtures/holdout264/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout265', new URL('../fixtures/holdout265/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout266', new URL('../fixtures/holdout266/', import.meta.url), { mails: 20, exactMissingFloor: 18, categoryFloor: 17 });
describeHeldOutCorpus('holdout267', new URL('../fixtures/holdout267/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout268-271 (administration: users, keys, SSO, 2FA; data imports and encodings; mail written in a hurry during an
// incident; exports out of the platform), written last in the session and scored with the earlier rounds' fixes but before
// tuning on them: blind 16, 18, 15 and 17 of 20 (66/80 = 82.5 %; category 19, 16, 17, 18; no secret missed). Then '以下が
// 表示され' leads in the message below; the sender's own Python converting files is a general programming question;
// 'どう組み合わせるのがベストか、書き換えた例を'; '今朝7時の定期実行から止まったまま', 'since about 1pm', '複数回ご連絡を差し上げて
// おります'; goals ('wants their analysts, …, to query', 'キャンペーン用の'): 18, 19, 18, 19 (category 19, 17, 19, 18).
// Open: holdout268 11 (a retry told far from its onset), 20 (a listing asked through the API, failing), holdout269 19
// (an Embulk run told as open source), holdout270 10 (a goal read in an escalation), 16 (a spec question after an
// incident), holdout271 01 (mojibake in Excel as a failure).
describeHeldOutCorpus('holdout268', new URL('../fixtures/holdout268/', import.meta.url), { mails: 20, exactMissingFloor: 18, categoryFloor: 19 });
describeHeldOutCorpus('holdout269', new URL('../fixtures/holdout269/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 17 });
describeHeldOutCorpus('holdout270', new URL('../fixtures/holdout270/', import.meta.url), { mails: 20, exactMissingFloor: 18, categoryFloor: 19 });
describeHeldOutCorpus('holdout271', new URL('../fixtures/holdout271/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 19 });
// holdout272-275 (Treasure Workflow in production, layouts hard for a machine, several matters in one mail, an ordinary
// week), the session's last round, scored with the earlier rounds' fixes but before tuning on them: blind 17, 16, 18 and
// 19 of 20 (70/80 = 87.5 %; category 17, 20, 19, 20; no secret missed, one false: 'パスワードは digdag secrets … で登録').
// Then goals ('dashboard (Power BI) is refreshed every morning from …', "for the finance team's daily margin report",
// 'lands in our S3 bucket for the BI team', '… reconciliation') and where a password is kept as no password: 18, 18, 18,
// 20 (category 17, 20, 19, 20); then IDs listed under a heading naming their kind ('Sessions from last night:'): holdout272
// 19 (category 18). Open: holdout272 05, holdout273 02, 05 (a form's option list 'US/Tokyo/EU/Korea のいずれかを記入' read
// as the site; mended the next session: 19), holdout274 02. Mended the next session: holdout272 13 and 17 ('never ran', 'never goes away' tell a failure:
// category 20), holdout274 19 (an apology's 'お願いしてしまい、失礼いたしました' is no failure; '取り直したい' a wish): 19.
describeHeldOutCorpus('holdout272', new URL('../fixtures/holdout272/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout273', new URL('../fixtures/holdout273/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout274', new URL('../fixtures/holdout274/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout275', new URL('../fixtures/holdout275/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout276-279 (command-line users on Windows, macOS and Linux; escalations by partner managers; second-language
// writers; API and SDK developers), the first round of the session of 2026-12-06 from 08:17, scored with that session's
// first fixes (supposed failures in a spec question, failures told without error words, a form's site choices) but before
// tuning on them: blind 17, 16, 17 and 17 of 20 (67/80 = 84 %; category 18, 19, 19, 20; no secret missed). Then a
// language's own library asked about as general IT, the CLI's subcommands and version, the Node client, history ('もう一度
// kill しましたが', '昨日から…入ってきていない'), 'the first time we are asking … no earlier ticket', a goal as what the
// source feeds, another vendor's side in Japanese, 台灣時間, a company's city after 'in', 'activation fail': 19, 20, 20,
// 19 (category 18, 20, 20, 20). Open: holdout276 06 (an onset 'started getting 404s last night' read as history), holdout279
// 13 (a mechanism 'the bulk import flow also reads the session status' read as a goal).
describeHeldOutCorpus('holdout276', new URL('../fixtures/holdout276/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 18 });
describeHeldOutCorpus('holdout277', new URL('../fixtures/holdout277/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout278', new URL('../fixtures/holdout278/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout279', new URL('../fixtures/holdout279/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
// holdout280-283 (a December rush at the partner desk; very formal enterprise and public-sector SIers; business users
// describing numbers; imports from SaaS sources), scored with the holdout276-279 round's fixes but before tuning on them:
// blind 18, 19, 18 and 19 of 20 (74/80 = 92.5 %; category 20, 18, 19, 17; no secret missed). Then earlier contact
// ('サポートさんに問い合わせた際は', not 'raised the parallelism from 4 to 16 … before'), a report's numbers as a goal, the
// state up to a date as a label row, 'Salesforce Source の…仕様' as the service's, 'Sources(…)の一覧を出力', 'two SQL
// questions', 'how HubSpot's own API behaves', '17,000 customers missing', a job ID with an aside in brackets before its
// value, '…を基本設計書に明記する必要があるため、仕様をご教示', 'Other jobs affected today: N and M': 20, 20, 20, 20
// (category 20, 20, 20, 20).
describeHeldOutCorpus('holdout280', new URL('../fixtures/holdout280/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout281', new URL('../fixtures/holdout281/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout282', new URL('../fixtures/holdout282/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout283', new URL('../fixtures/holdout283/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout284-287 (data-science teams; web and app tracking SDKs; corrections and additions sent after a first mail;
// high-volume data), scored with the holdout280-283 round's fixes but before tuning on them: blind 17, 17, 16 and 20 of
// 20 (70/80 = 87.5 %; category 20, 18, 19, 20; no secret missed). Then the sender's own earlier mail as an earlier
// inquiry ('先ほどのメールで…', 'my mail from this morning'), a subject tag as its own context for a ticket number, data
// that does not arrive or arrives two or three times, 'The attempt that fails is N', goals ('uses … to decide', "we're
// helping … rebuild", '報告会で…結果を出さないといけない') and td-spark calls as the command: 20, 19, 20, 20 (category 20,
// 20, 19, 20). Open: holdout285 08 ('They have a board meeting tomorrow and need the numbers' read as a goal, which
// earlier writers labelled one and this one did not).
describeHeldOutCorpus('holdout284', new URL('../fixtures/holdout284/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout285', new URL('../fixtures/holdout285/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout286', new URL('../fixtures/holdout286/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 19 });
describeHeldOutCorpus('holdout287', new URL('../fixtures/holdout287/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout288-291 (agencies with many clients; pasted Slack, Teams and LINE WORKS chats; scheduled queries and their
// outputs; terse and structured mails), scored with the holdout284-287 round's fixes but before tuning on them: blind 16,
// 14, 20 and 17 of 20 (67/80 = 84 %; category 19, 20, 20, 20; no secret missed). Then a template's hints in a label
// ('（例：10101）：') and an example's ID give no values, a pasted chat's message headers are no event times, a workflow
// run by hand from the console stays a workflow, '経緯（時刻はすべてJST）' heads a history, an accident to prevent is
// supposed, 'the same script … without any problem', a ticket named before '…でもご相談中', 'やり直したい' as a wish,
// 'AID 40592 | US': 19, 19, 20, 19 (category 20, 20, 20, 20). Open: holdout288 04 (another client's account ID read as
// the account), holdout289 10 (support's Slack bot reply, pasted in a chat, read as the sender's), holdout291 05 (a
// template's blank '経緯：' read as history).
describeHeldOutCorpus('holdout288', new URL('../fixtures/holdout288/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout289', new URL('../fixtures/holdout289/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout290', new URL('../fixtures/holdout290/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout291', new URL('../fixtures/holdout291/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout292-295 (storytellers writing long prose; failures piled up over a weekend, reported on Monday; limits and
// quotas; mail dictated on the move), the session's last round, scored with the holdout288-291 round's fixes but before
// tuning on them: blind 15, 18, 18 and 15 of 20 (66/80 = 82.5 %; category 20, 19, 17, 19; no secret missed; the writer
// of holdout292 read one-line summaries of every train label, not only three, and says so in its README). Then a
// template's blank field, accounts told in prose ('account (ID 70331)', 'The account in question is 41877', 'アカウント
// アイディー'), 'ジョブIDでいうと' across a wrap, a failure settled by its retry as background, a zone on the wrapped line
// above a time, a command named as a sentence's subject, 'the tokyo env', a report handed out as a goal, a job ID read out
// digit by digit, a question dictated without its mark: 19, 20, 18, 18 (category 20, 20, 17, 20). Open: holdout294 04
// ('before we build this out' read as a goal), 11 (hitting the segment limit asked to be lifted: request or failure),
// holdout295 03 (dictated words run together read as a goal), 04 ('account ID 22 819' split by the dictation). Then
// '上限を一時的に引き上げていただくことは可能でしょうか' as a request: holdout294 category 18.
describeHeldOutCorpus('holdout292', new URL('../fixtures/holdout292/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout293', new URL('../fixtures/holdout293/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout294', new URL('../fixtures/holdout294/', import.meta.url), { mails: 20, exactMissingFloor: 18, categoryFloor: 18 });
describeHeldOutCorpus('holdout295', new URL('../fixtures/holdout295/', import.meta.url), { mails: 20, exactMissingFloor: 18, categoryFloor: 20 });
// holdout296-299 (manufacturing and IoT partners; handovers from a colleague who left; travel and hospitality; financial
// services), the first round of the session of 2026-12-06 from 11:02, scored before tuning on them: blind 19, 17, 19 and
// 18 of 20 (73/80 = 91.3 %; category 19, 20, 20, 20; no secret missed). Then a ticket number in brackets further on in the
// sentence that tells the inquiry ('…a ticket with you about pytd timeouts in March (#180377)'), the sender saying the
// method is unknown ('実行方法…については…記載がなく、現在確認中です'), a place in a list after a word that is no label ('a
// hotel booking site operating in Thailand, Korea and Japan'), goals ('build a daily CSV … for StayFinder's call-centre
// team', '… and produces the daily … report that Compliance files', 'This is holding up the month-end regulatory
// submission'), Azure and IoT Hub as other vendors, an account ID in an attachment's name: 20, 20, 20, 20 (category 20,
// 20, 20, 20).
describeHeldOutCorpus('holdout296', new URL('../fixtures/holdout296/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout297', new URL('../fixtures/holdout297/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout298', new URL('../fixtures/holdout298/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout299', new URL('../fixtures/holdout299/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout300-303 (media and publishing; replies to the desk's automatic "still missing" mail, some annoyed, some on the
// wrong thread; energy and utilities; junior engineers in their first months), scored with the holdout296-299 round's
// fixes but before tuning on them: blind 19, 17, 20 and 18 of 20 (74/80 = 92.5 %; category 20, 18, 20, 20; no secret
// missed). Then a process ID in an attachment's name, 'TDのお問い合わせは今回が初めてです' as no earlier inquiry, the
// sender saying it is no failure report ('エラーではなく仕様のご質問のため', 'エラーの調査依頼ではなく'), '確認したいのは以下の
// 2点です' as the ask, an inference ('so something must have grown again') as no goal, '…so they know whether retrying
// is safe' as one: 20, 20, 20, 20 (category 20, 20, 20, 20).
describeHeldOutCorpus('holdout300', new URL('../fixtures/holdout300/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout301', new URL('../fixtures/holdout301/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout302', new URL('../fixtures/holdout302/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout303', new URL('../fixtures/holdout303/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout304-307 (automotive and mobility; telecom operators; teams across time zones and a daylight-saving switch; small
// partners and one-person data teams), scored with the holdout300-303 round's fixes but before tuning on them: blind 19,
// 18, 19 and 16 of 20 (72/80 = 90 %; category 20, 19, 20, 20; no secret missed). Then a flow's rhythm in a question as no
// goal, '昨日(5/14)は…取得できていました' as history, a chased mail and support's earlier answer as earlier inquiries, a
// list made with TD as a goal (not 'td_load> で使っている設定ファイル'), Embulk on the sender's own server ('Embulkは社内の
// バッチサーバー(RHEL 9)上で', 'TDのサービスとは直接関係ないのですが') as oss: 20, 20, 19, 20 (category 20, 20, 20, 20).
// Open: holdout306 11 (a JDBC connection URL without the query read as the command; most earlier writers count it).
describeHeldOutCorpus('holdout304', new URL('../fixtures/holdout304/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout305', new URL('../fixtures/holdout305/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout306', new URL('../fixtures/holdout306/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout307', new URL('../fixtures/holdout307/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout308-311 (e-commerce during a big sale; questions before building; Japanese regional SIers and their municipal,
// hospital and bank customers; mobile app and game analytics), scored with the holdout304-307 round's fixes but before
// tuning on them: blind 20, 17, 16 and 17 of 20 (70/80 = 87.5 %; category 20, 17, 18, 19; no secret missed). Then a case
// named and the supposed run named again as no failure, inline answers under a marker announced further away ('…marked
// with [Duc]'), Embulk in-house ('院内サーバ上のEmbulk（OSS版…）', 'TDへの連携とは別件で') and self-hosted Embulk's settings
// as oss (where it runs, told in the mail, decides over a design question about it), another vendor framed ('questions
// about LINE itself, not about TD', "questions about Google's side", FCM), 'no need to …' and 'Is there an API to …?' as no
// goal, "before we schedule it" as no earlier time, 'First failure: Jun 17, 9:10 am' as a label, 'リリースしてから…
// なくなりました' as history, Unity's 'TreasureData.Instance.AddEvent(', 'どのような構成…が望ましいでしょうか' as
// implementation: 20, 20, 20, 20 (category 20, 20, 20, 20).
describeHeldOutCorpus('holdout308', new URL('../fixtures/holdout308/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout309', new URL('../fixtures/holdout309/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout310', new URL('../fixtures/holdout310/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout311', new URL('../fixtures/holdout311/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout312-315 (SaaS vendors embedding the platform for their own customers; Friday-evening and holiday-eve mails;
// real-estate and property management; key facts spread out over subject, signature, quotes and attachments), scored
// with the holdout308-311 round's fixes but before tuning on them: blind 18, 17, 18 and 18 of 20 (71/80 = 88.8 %;
// category 20, 20, 18, 20; no secret missed). Then the sender's availability ('online until about 7pm') as no event time
// (items.yaml timezone.notEventBefore), a question whether a step is needed and a goal put off ('実現したいことにつき
// ましては…改めてご連絡いたします') as no goal, what they want to see on a dashboard as a goal, an issue 'reported to you
// yesterday' and '昨年も…出力していただいた' as earlier inquiries, numbered steps with their outcomes as history: 20, 20,
// 19, 19 (category 20, 20, 18, 20). Open: holdout314 07 (a tenant's contract renewal list and '弊社 本体のご契約' read as
// contract over a save that fails; letting a told failure win where the ask names no category broke 40 earlier mails),
// holdout315 12 (another client's account ID cited as a working comparison, as holdout288 04).
describeHeldOutCorpus('holdout312', new URL('../fixtures/holdout312/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout313', new URL('../fixtures/holdout313/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout314', new URL('../fixtures/holdout314/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 18 });
describeHeldOutCorpus('holdout315', new URL('../fixtures/holdout315/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
// holdout316-319 (issue 9, the 2026-12-06 afternoon session's round: escalations and complaints, senders who correct
// themselves, developers calling the API from code, sports and live events), written blind and scored on 00df7db before
// tuning: 16, 18, 18 and 19 of 20 (71/80 = 88.8 %; category 18, 20, 18, 20; no secret missed). Then a bracketed note
// left where a value goes ('【Job画面からコピーして貼る】', '経緯：' above '（高橋さんに確認中）') as no value (reading.yaml
// notAnswered.notes), a chaser's quoted earlier mail as where the ask is (categories.yaml mainAsk.chaser) and a sentence
// that names the specification before the question (mainAsk.specNamed), a limit supposed passed and '（強制終了・エラー等）'
// as supposed failures, 'TDの仕様というよりPythonの話' as general_it framing, another vendor's rate limit named in Japanese,
// a jobs page only looked at as no console, 'for the second time asking' of someone else as no earlier inquiry, phone calls
// '何度も' as no history, 'のために' further from its verb and 'メールマガジン用の' as goals: 20, 19, 20, 20 (category 20
// each). Open: holdout317 03 ('先ほどのメールで…添付を忘れておりました' with that mail quoted below: its writer counts no
// earlier inquiry, holdout286 03 and 13 count one; the earlier labels stand, two to one).
describeHeldOutCorpus('holdout316', new URL('../fixtures/holdout316/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout317', new URL('../fixtures/holdout317/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout318', new URL('../fixtures/holdout318/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout319', new URL('../fixtures/holdout319/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout320-323 (the same session's second round: migrations and cutovers, security and compliance people, restaurants
// and food chains, very formal corporate mail), written blind and scored on b6e0855 before tuning: 19, 19, 18 and 17 of
// 20 (73/80 = 91.3 %; category 20, 18, 20, 20; no secret missed). Then '（未入力）' as no value, an error's own text under
// its label as no goal ('Failed to export results to …'), a sign-in screen's message set apart ('Invalid two-factor
// authentication code.') as error text and the sign-in page as the console, Entra as another vendor, lettered sub-items
// ('   a. The load ran …') and a sentence set in under a section heading read as text, an aside marker ending in a colon
// covering the list after it, a zone's UTC offset in a lead-in ('(all times SGT, UTC+08:00)') no time of its own,
// '再発防止策' no recurrence, a ticket 'on our side' only where the number is, and goals told as an analysis ('We're
// analysing how …'), someone wanting a full copy of the data, 'before the … audit': 20 each (category 20 each).
describeHeldOutCorpus('holdout320', new URL('../fixtures/holdout320/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout321', new URL('../fixtures/holdout321/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout322', new URL('../fixtures/holdout322/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout323', new URL('../fixtures/holdout323/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout324-327 (the same session's third round: education, fashion and apparel, mails that are mostly pasted
// material, partners' second-line support relaying what others collected), written blind and scored on cdb3e74 before
// tuning: 20, 16, 15 and 19 of 20 (70/80 = 87.5 %; category 20, 20, 18, 20; no secret missed). Then the first time of a
// range taking the zone after the second ('between 7pm and 9pm Pacific'), a section heading with a space after its mark
// ('■ 経緯') ending a config's zone, a listing whose colons line up ('Output      :' / 'Query       : SELECT …') as no
// error text, failures supposed in general ('retry on any failure', 'survive transient failures', 'which failures are
// retried?', every occurrence now taken out) and a job only shown in such a question as no failing run, a design put
// up for review as implementation, a Windows path in a traceback and 'arm64-darwin23' as the OS, onset '…頃から…エラーが
// 発生しています' and 'リトライでも' as history, 'いつから失敗しているのか…確認が取れておりません' as no history, and what
// the people the output serves use it to do as a goal: 20, 19, 19, 20 (category 20 each). Open: holdout325 05 (a
// segment refreshed every morning read as a goal; the writer counts none), holdout326 14 ('failed again last night at
// 02:00 UTC' as history; the earlier labels count one repetition as none).
describeHeldOutCorpus('holdout324', new URL('../fixtures/holdout324/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout325', new URL('../fixtures/holdout325/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout326', new URL('../fixtures/holdout326/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout327', new URL('../fixtures/holdout327/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout328-331 (a new session's first round: public sector and local government, data scientists in notebooks,
// mails that bundle two or three problems, on-call engineers writing during a night incident), written blind and scored
// on 1b921f1 before tuning: 18, 17, 18 and 18 of 20 (71/80 = 88.8 %; category 20, 19, 20, 19; no secret missed or false).
// Then a console only looked at ('コンソールで見ると状態が killed') as no method, a last good run told with
// '終わっていました', days back with the date in brackets ('3日前(6/8)から'), a rerun that sometimes works, a retry in
// English and 'N回目もダメ' as history (not one supposed in a question), a join that multiplies rows in pandas as general
// IT, 'We do not need the job investigated' as a settled failure, the model being built and the end a piece of work goes
// towards ('…に向けて、…を作成しております') as goals, a console URL above 'Re-run job: N' no longer joined to it as a
// wrapped URL, 'jobs N and M' read, and a monitoring alert's number as no ticket: 19, 20, 20, 20 (category 20 each).
// Open: holdout328 01 ('前日分を当日9時までに公開する必要があります', a daily deadline without a zone: its writer needs
// none, holdout316 06's writer counts 'by 15:00 today' as a time that needs one, and the spec counts a recurring time of day).
describeHeldOutCorpus('holdout328', new URL('../fixtures/holdout328/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout329', new URL('../fixtures/holdout329/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout330', new URL('../fixtures/holdout330/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout331', new URL('../fixtures/holdout331/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout332-335 (the same session's second round: European and Latin American partners writing English as a second
// language, HR tech and payroll, mails written like markdown or chat, key facts only in attachments), written blind and
// scored on 67012ca before tuning: 16, 19, 19 and 19 of 20 (73/80 = 91.3 %; category 20 each; no secret missed; two
// flagged where the label listed none, both named by the label's own note as unmasked: holdout332 15's bearer token and
// holdout333 03's API key, their lists corrected and the READMEs say so). Then a markdown 'History:' label, 'tried 3x',
// the same command that worked before, 'Until Friday 12.06.2026 it worked' and 'also after we have reinstalled' as history,
// 'since 09.06' as a day and month (a dotted time after since/until/from now needs a clock's mark after it), zones named
// in Japanese for Latin America and Europe ('ブラジル時間') and in Spanish, Portuguese, French and German ('hora de
// Lisboa', 'heure de Paris', 'MESZ'), and where the output goes ('the CSV goes to their … reconciliation sheet') as a
// goal: 20 each (category 20 each).
describeHeldOutCorpus('holdout332', new URL('../fixtures/holdout332/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout333', new URL('../fixtures/holdout333/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout334', new URL('../fixtures/holdout334/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout335', new URL('../fixtures/holdout335/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout336-339 (the same session's third round: hospitals and health apps, senders new to the platform who use its
// words loosely, partners managing many accounts at once, agriculture and food producers), written blind and scored on
// 9ae38ce before tuning: 20, 18, 16 and 18 of 20 (72/80 = 90.0 %; category 20, 19, 20, 19; no secret missed or false).
// Then accounts and sites named only where the same thing works ('A社（…41207、東京リージョン）では正常に動いていますが、
// B社（…41388）のみ失敗しています', '検証アカウント（90410、eu01）で動作確認したうえで') put after the problem's, and none
// taken where every one given is such and another account is set against it (items.yaml `comparison`; holdout197 18, open
// since its round, is now right), 'fetches … to render each client's dashboard' as a goal, a function used inside a
// query as none, a date in an attachment's name as no job, 'A案 / B案' weighed as implementation, 'same as the night
// before' as history, 'a report of everyone who has a login' as a listing: 20, 20, 19, 20 (category 20 each). Open:
// holdout338 19 ('同じ設定の AID 20930 は問題なく動いています': a working sibling account without a run or time; its writer
// counts no history, while the same writer counts siblings' runs with a time or ID as history).
describeHeldOutCorpus('holdout336', new URL('../fixtures/holdout336/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout337', new URL('../fixtures/holdout337/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout338', new URL('../fixtures/holdout338/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout339', new URL('../fixtures/holdout339/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout340-343 (the same session's fourth round: games and entertainment outside mobile, long troubleshooting
// narratives, regulated industries with change freezes, mails mixing Japanese and English), written blind and scored on
// b085607 before tuning: 19, 17, 17 and 18 of 20 (71/80 = 88.8 %; category 20, 19, 18, 19; no secret missed or false).
// Then 'can.t' no longer matching 'can take' (a help page's sentence quoted read as error text), a quoted line under a
// lead-in that names it ('Copied exactly from the screen:' above '「…に失敗しました…」') as error text, contract among the
// categories a mail that asks nothing and tells a failure is not ('電気料金プラン'), the API that lists jobs ('ジョブ一覧(GET
// /v3/job/list)について') as no listing, a period the client enters ('…期間に入るため') as no purpose, '24時台' as a
// notation, a job URL closed by ')' and '.' as naming no channel, an empty form field above the next one of the same mark
// ('■経緯：' / '■参考にしたドキュメント：…') as empty, 'これまでに試したこと:' and '→ 変化なし' as history, and 'エラー等は
// 出ておらず、…毎回正常終了しています' as no failure: 20 each (category 20 each).
describeHeldOutCorpus('holdout340', new URL('../fixtures/holdout340/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout341', new URL('../fixtures/holdout341/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout342', new URL('../fixtures/holdout342/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout343', new URL('../fixtures/holdout343/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout344-347 (the same session's fifth round: B2B SaaS customer success and RevOps, non-technical managers and
// executives, research institutes, replies that answer support's questions point by point), written blind and scored on
// 88f760f before tuning: 16, 16, 18 and 12 of 20 (62/80 = 77.5 %; category 19, 20, 20, 19; no secret missed or false).
// Then 'We haven't asked about this before' as no earlier inquiry and a colleague's inquiry to 'サポート' in a forwarded
// mail as one, 'set up in the TD console' as the console, '在室 10:00-18:00' as no event, what depends on the failing
// thing, the people served reviewing it and a pull 'to join' as goals, 'failing since mon' as history, '【経緯】' alone
// above the next bracketed field as empty (holdout137 17's channel right too): 19, 19, 19, 12 (category 19, 20, 20, 19).
// Open, left for a reading of replies as their own structure: holdout347 02 (an answer numbered to support's question,
// '1. 71240 / US', with no label), 12 (support's questions copied unquoted as 'Q:' lines: their example values no longer
// count since an example after a request to give the value is nobody's, but '6/5 11:40頃' is read as zoned), 17
// (answers set in blue after '⇒' in an HTML-only Outlook chain), 04 (the pasted error's own advice, 'Please check your
// network connection, proxy settings…', read as the main ask), 08 (a site only confirmed, 'はい、ご認識のとおりです'), 11
// and 20; holdout344 13 (how the Salesforce export treats nulls: spec or third-party), holdout345 13 (a JDBC URL as the
// command: this writer counts none, holdout343 15's counts one), holdout346 08 (a goal told only in a workflow's purpose).
describeHeldOutCorpus('holdout344', new URL('../fixtures/holdout344/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 19 });
describeHeldOutCorpus('holdout345', new URL('../fixtures/holdout345/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout346', new URL('../fixtures/holdout346/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout347', new URL('../fixtures/holdout347/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
// holdout348-351 (logistics and last-mile delivery, travel and hospitality, offshore development centres writing for
// Japanese clients, real estate and construction), written blind and scored before tuning on them: 19, 19, 17 and 18 of
// 20 (73/80 = 91.3 %; category 18, 20, 19, 19; no secret missed or false), on the tree that already read replies as
// question/answer pairs (holdout347's round, not yet committed; each set scored with the tuning on its siblings stashed).
// Then a failure told outright as no contract question for a topic named only in what the work is for, 'de-duplicate
// records' asked about as no failure, another product's specification asked for by name as that product's, whether
// something on the TD side causes the failure as an ask about it, 'About the error text:' as a topic and not a label, a
// turn to support ('so we would like to ask for your help') as no purpose, a country after a company's legal form as no
// site, the system fed with the data as a goal, the same request made last year as an earlier inquiry: 20 each.
// holdout347 with the reply readings: 19 (06 open: the goal question answered '特にございません。仕様として把握しておき
// たいだけです', read as a purpose by its label).
describeHeldOutCorpus('holdout348', new URL('../fixtures/holdout348/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout349', new URL('../fixtures/holdout349/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout350', new URL('../fixtures/holdout350/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout351', new URL('../fixtures/holdout351/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout352-355 (museums, libraries and charities; cosmetics and D2C subscription brands; law firms and compliance
// teams; Chinese, Korean and Taiwanese engineers writing Japanese as a second language), written blind and scored on
// cfcabf1 before tuning: 19, 18, 16 and 19 of 20 (72/80 = 90.0 %; category 19, 20, 18, 20; one false secret, a rule
// 'パスワードは90日ごとに変更すること' read as a password). Then the output made and handed on ('…を抽出し、CSVにして
// 監査部へ提出しています') and someone to be told by it ('監査人に説明する必要がある') as goals, where the failure comes
// from ('whether this is coming from the TD connector or…') and 'Is there a supported way to…' as asks about the
// failure, file-sharing services (Box, Dropbox, SharePoint…) as integration targets and 'X is not your product' as
// third-party, a screen's code with hyphens ('(code: SEG-CALC-504)') as error text, a td command named in a sentence
// ('I run it with td query with the wait option') as no command line, a mark the sender's own sed replaces ('{{D}}')
// as no placeholder, a password after 'は' only in ASCII: 20 each (holdout179 10 and holdout194 04's command right too).
describeHeldOutCorpus('holdout352', new URL('../fixtures/holdout352/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout353', new URL('../fixtures/holdout353/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout354', new URL('../fixtures/holdout354/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout355', new URL('../fixtures/holdout355/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout356-359 (fitness and wellness chains, food delivery and quick commerce, replies answering support's follow-up
// questions in many styles, pharmacies and drugstores), written blind and scored on e031aeb before tuning: 19, 19, 16
// and 19 of 20 (73/80 = 91.3 %; category 19, 20, 20, 19; no secret missed or false). Then the sender's comment in a help
// desk's thread quoted by support ('高橋 真理子' / '2026年6月15日 11:20 (GMT+09:00)' under '##- …この行より上に入力…
// -##') as their own earlier mail, a message given in quotes after its name ('エラー表示は「Segment could not be saved…」
// です') and one under '…and then shows:' as error text, 'an error comes up' as a failure told, what the people served see
// from it ('a screen that shows members their visit streaks') as a goal, a project pushed with td wf push as no data
// flow: 20 each (category 19, 20, 20, 20: holdout356 17, a design question read as spec, is open).
describeHeldOutCorpus('holdout356', new URL('../fixtures/holdout356/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout357', new URL('../fixtures/holdout357/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout358', new URL('../fixtures/holdout358/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout359', new URL('../fixtures/holdout359/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout360-363 (crypto and fintech startups, broadcast TV and radio, replies on tickets in Japanese business style,
// smart-home and consumer-electronics makers), written blind and scored on bc223e8 before tuning: 20, 19, 15 and 18 of
// 20 (72/80 = 90.0 %; category 20, 19, 20, 20; no secret missed or false). Then answers under the sender's own copy of
// each question ('①対象のAccount ID' / '→ ４８２０３', '【ご質問1】…' / '【回答】' / '2073345519 でございます。', a bare
// number set in under a numbered heading) read with it as label, a heading answered by putting it off ('Unfortunately we
// do not have the details yet') as support's words, a heading naming the error message answered 'Please refer to the
// screenshot below' as no text, Embulk 'on our own Linux server (not inside Treasure Data)' as open source, figures the
// people served want and an output shown on a dashboard as goals: 20, 20, 18, 20 (holdout178 20 and holdout161 01 right
// too). Open: holdout362 02 (a sibling query's successful run as history), 12 (a correction saying the earlier times
// were UTC).
describeHeldOutCorpus('holdout360', new URL('../fixtures/holdout360/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout361', new URL('../fixtures/holdout361/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout362', new URL('../fixtures/holdout362/', import.meta.url), { mails: 20, exactMissingFloor: 18, categoryFloor: 20 });
describeHeldOutCorpus('holdout363', new URL('../fixtures/holdout363/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout364-367 (pet care and veterinary clinics, EV charging and parking operators, very short mails, mails that carry
// more than one matter), written blind and scored on 30ba125 before tuning: 19, 19, 19 and 18 of 20 (75/80 = 93.8 %;
// category 20, 20, 20, 19; no secret missed or false). Then 'ご案内' as support's guidance only when received
// ('前回来店から…次回予約のご案内' is a mailing), 'your team's advice then was' as an earlier inquiry, a message in
// quotes after 'died again with', a report due as a goal, 'While you're looking:' as an aside and a run that 'has failed
// every time' as a failure told (a failure asked about only on the side is not a third-party question), a wish in
// another matter ('あと別件ですみませんが…変更したいです') as no goal, a design brought for advice in Japanese
// ('…設計についてのご相談', '…する設計は一般的でしょうか') as implementation: 20 each (holdout356 17's category,
// holdout108 18's error text and holdout201 04's ticket right too).
describeHeldOutCorpus('holdout364', new URL('../fixtures/holdout364/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout365', new URL('../fixtures/holdout365/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout366', new URL('../fixtures/holdout366/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout367', new URL('../fixtures/holdout367/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
// holdout368-371 (wedding and event venues, convenience-store franchise headquarters, language schools and study-abroad
// agencies, amusement parks), written blind and scored on 047c0b2 before tuning: 18, 19, 18 and 19 of 20 (74/80 =
// 92.5 %; category 20 each; no secret missed or false). Then '24時超えの表記' as a notation, 'your team changed
// something on your side' as an earlier inquiry, 'Error text: I'm afraid I can't give you this one.' as no text,
// '本日午後に使う予定のため' as when and not what for, what a system keeps matched to what happens ('keeps the per-store
// stock of app coupons in line with…') as a goal: 19, 20, 20, 20. Open: holdout368 13 (a data-flow cue read in the
// subject's question, 'do child segments pick up parent segment refreshes…?', as a goal).
describeHeldOutCorpus('holdout368', new URL('../fixtures/holdout368/', import.meta.url), { mails: 20, exactMissingFloor: 19, categoryFloor: 20 });
describeHeldOutCorpus('holdout369', new URL('../fixtures/holdout369/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout370', new URL('../fixtures/holdout370/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout371', new URL('../fixtures/holdout371/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeHeldOutCorpus('holdout26', new URL('../fixtures/holdout26/', import.meta.url), { mails: 20, exactMissingFloor: 20, categoryFloor: 20 });
describeSharedCorpus(sharedCorpus('dev'), { mails: 40, exactMissingFloor: 40 });
// train after issue 9 (structure, sentences, main ask): 80/80 exact, 80/80 category. Its part 051-080
// was kept blind while tuning and scored 21/30 there before its errors were read.
describeSharedCorpus(sharedCorpus('train'), { mails: 80, exactMissingFloor: 80, categoryFloor: 80 });
