<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>ConflictCard</name>
    <message>
        <source>(a password: not shown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>someone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by {name}, {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field: {field} — two changes made without seeing each other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current value (kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other value (not applied)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep current</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the other value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RejectionCard</name>
    <message>
        <source>made {made}, refused by the server {refused}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not accept these values:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server&apos;s message: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code: {code}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What you entered:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{field}:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy this change, with everything you entered, to paste it elsewhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark as seen: it leaves the count of items to review, and stays listed here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismissed {when}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerDialog</name>
    <message>
        <source>Connecting to the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server&apos;s address (given by your administrator).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a server address (https://sync.example.com).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot be reached at this address. Check the address and the network, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server needs a newer version of this application.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong e-mail address or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account is waiting for an administrator&apos;s approval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account has been disabled. Contact an administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account request was declined. Contact an administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many attempts. Wait a few minutes, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the connection ({code}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Synchronisation server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to the synchronisation server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your changes are sent to the server and your colleagues&apos; changes come back. Your password is sent to the server once; this computer then keeps a session, never the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No secure credential store on this computer: the session is kept in memory only, and you will be asked for your password at each sync session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server &amp;address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;E-mail address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncIssueLabels</name>
    <message>
        <source>New equipment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Equipment edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Equipment state change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Equipment deletion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New attachment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachment removal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New production line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New equipment type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First administrator account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account request declined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site access granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site access removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflict decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Production line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Equipment type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are not allowed to make this change (any more).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The item no longer exists on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The item was changed in the meantime: this change is no longer possible.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A value you entered is already used by another item.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some information is missing or incorrect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The change clashes with data already on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server failed to process this change (an error on the server). Show it to your administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another account already sent a change with the same identifier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not know this kind of change (versions differ).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The change was refused ({code}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Equipment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncIssuesPage</name>
    <message>
        <source>Sync issues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision recorded. It is sent to the server with your other changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server&apos;s message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes you made on this computer that the server refused. Nothing you entered is lost: each one is kept here with its details, so that you can redo it correctly or pass it on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes refused by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show dismissed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to review: the server accepted every change sent from here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts to decide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two people changed the same field without seeing each other&apos;s change. The most recent one was applied; the other value is kept here so that someone who may edit the item can choose.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No conflict to decide.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
