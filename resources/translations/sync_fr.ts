<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>ConflictCard</name>
    <message>
        <source>(a password: not shown)</source>
        <translation>(un mot de passe&#xa0;: non affiché)</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>quelqu’un</translation>
    </message>
    <message>
        <source>by {name}</source>
        <translation>par {name}</translation>
    </message>
    <message>
        <source>by {name}, {when}</source>
        <translation>par {name}, le {when}</translation>
    </message>
    <message>
        <source>Field: {field} — two changes made without seeing each other</source>
        <translation>Champ&#xa0;: {field} — deux modifications faites sans se voir</translation>
    </message>
    <message>
        <source>Current value (kept)</source>
        <translation>Valeur actuelle (conservée)</translation>
    </message>
    <message>
        <source>Other value (not applied)</source>
        <translation>Autre valeur (non appliquée)</translation>
    </message>
    <message>
        <source>Keep current</source>
        <translation>Garder l’actuelle</translation>
    </message>
    <message>
        <source>Use the other value</source>
        <translation>Prendre l’autre valeur</translation>
    </message>
</context>
<context>
    <name>RejectionCard</name>
    <message>
        <source>made {made}, refused by the server {refused}</source>
        <translation>faite le {made}, refusée par le serveur le {refused}</translation>
    </message>
    <message>
        <source>{field}: {problem}</source>
        <translation>{field}&#xa0;: {problem}</translation>
    </message>
    <message>
        <source>The server did not accept these values:</source>
        <translation>Le serveur n’a pas accepté ces valeurs&#xa0;:</translation>
    </message>
    <message>
        <source>Server&apos;s message: {message}</source>
        <translation>Message du serveur&#xa0;: {message}</translation>
    </message>
    <message>
        <source>Code: {code}</source>
        <translation>Code&#xa0;: {code}</translation>
    </message>
    <message>
        <source>What you entered:</source>
        <translation>Ce que vous aviez saisi&#xa0;:</translation>
    </message>
    <message>
        <source>{field}:</source>
        <translation>{field}&#xa0;:</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Copier le détail</translation>
    </message>
    <message>
        <source>Copy this change, with everything you entered, to paste it elsewhere.</source>
        <translation>Copier cette modification, avec tout ce que vous aviez saisi, pour la coller ailleurs.</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Marquer comme vu</translation>
    </message>
    <message>
        <source>Mark as seen: it leaves the count of items to review, and stays listed here.</source>
        <translation>Marquer comme vu&#xa0;: l’élément sort du compte «&#xa0;à vérifier&#xa0;» et reste listé ici.</translation>
    </message>
    <message>
        <source>Dismissed {when}</source>
        <translation>Vu le {when}</translation>
    </message>
</context>
<context>
    <name>ServerDialog</name>
    <message>
        <source>Connecting to the server…</source>
        <translation>Connexion au serveur…</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address (given by your administrator).</source>
        <translation>Saisissez l’adresse du serveur (fournie par votre administrateur).</translation>
    </message>
    <message>
        <source>This is not a server address (https://sync.example.com).</source>
        <translation>Ce n’est pas une adresse de serveur (https://sync.exemple.fr).</translation>
    </message>
    <message>
        <source>The server cannot be reached at this address. Check the address and the network, then try again.</source>
        <translation>Le serveur est injoignable à cette adresse. Vérifiez l’adresse et le réseau, puis réessayez.</translation>
    </message>
    <message>
        <source>The server needs a newer version of this application.</source>
        <translation>Le serveur exige une version plus récente de l’application.</translation>
    </message>
    <message>
        <source>Wrong e-mail address or password.</source>
        <translation>Adresse e-mail ou mot de passe incorrect.</translation>
    </message>
    <message>
        <source>This account is waiting for an administrator&apos;s approval.</source>
        <translation>Ce compte attend l’approbation d’un administrateur.</translation>
    </message>
    <message>
        <source>This account has been disabled. Contact an administrator.</source>
        <translation>Ce compte a été désactivé. Contactez un administrateur.</translation>
    </message>
    <message>
        <source>This account request was declined. Contact an administrator.</source>
        <translation>Cette demande de compte a été refusée. Contactez un administrateur.</translation>
    </message>
    <message>
        <source>Too many attempts. Wait a few minutes, then try again.</source>
        <translation>Trop de tentatives. Patientez quelques minutes, puis réessayez.</translation>
    </message>
    <message>
        <source>The server refused the connection ({code}).</source>
        <translation>Le serveur a refusé la connexion ({code}).</translation>
    </message>
    <message>
        <source>Synchronisation server</source>
        <translation>Serveur de synchronisation</translation>
    </message>
    <message>
        <source>Connect to the synchronisation server</source>
        <translation>Se connecter au serveur de synchronisation</translation>
    </message>
    <message>
        <source>Your changes are sent to the server and your colleagues&apos; changes come back. Your password is sent to the server once; this computer then keeps a session, never the password.</source>
        <translation>Vos modifications partent vers le serveur et celles de vos collègues reviennent. Votre mot de passe n’est envoyé qu’une fois au serveur&#xa0;; cet ordinateur garde ensuite une session, jamais le mot de passe.</translation>
    </message>
    <message>
        <source>No secure credential store on this computer: the session is kept in memory only, and you will be asked for your password at each sync session.</source>
        <translation>Aucun coffre sécurisé pour les identifiants sur cet ordinateur&#xa0;: la session n’est gardée qu’en mémoire, et votre mot de passe vous sera demandé à chaque session de synchronisation.</translation>
    </message>
    <message>
        <source>Server &amp;address</source>
        <translation>&amp;Adresse du serveur</translation>
    </message>
    <message>
        <source>&amp;E-mail address</source>
        <translation>Adresse &amp;e-mail</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>Mot de &amp;passe</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Se connecter</translation>
    </message>
</context>
<context>
    <name>SyncIssueLabels</name>
    <message>
        <source>New equipment</source>
        <translation>Nouvel équipement</translation>
    </message>
    <message>
        <source>Equipment edit</source>
        <translation>Modification d’équipement</translation>
    </message>
    <message>
        <source>Equipment state change</source>
        <translation>Changement d’état d’équipement</translation>
    </message>
    <message>
        <source>Equipment deletion</source>
        <translation>Suppression d’équipement</translation>
    </message>
    <message>
        <source>New attachment</source>
        <translation>Nouvelle pièce jointe</translation>
    </message>
    <message>
        <source>Attachment removal</source>
        <translation>Retrait de pièce jointe</translation>
    </message>
    <message>
        <source>New site</source>
        <translation>Nouveau site</translation>
    </message>
    <message>
        <source>New production line</source>
        <translation>Nouvelle ligne de production</translation>
    </message>
    <message>
        <source>New equipment type</source>
        <translation>Nouveau type d’équipement</translation>
    </message>
    <message>
        <source>Account request</source>
        <translation>Demande de compte</translation>
    </message>
    <message>
        <source>First administrator account</source>
        <translation>Premier compte administrateur</translation>
    </message>
    <message>
        <source>New account</source>
        <translation>Nouveau compte</translation>
    </message>
    <message>
        <source>Account approval</source>
        <translation>Approbation de compte</translation>
    </message>
    <message>
        <source>Account request declined</source>
        <translation>Demande de compte refusée</translation>
    </message>
    <message>
        <source>Account change</source>
        <translation>Modification de compte</translation>
    </message>
    <message>
        <source>Site access granted</source>
        <translation>Accès à un site accordé</translation>
    </message>
    <message>
        <source>Site access removed</source>
        <translation>Accès à un site retiré</translation>
    </message>
    <message>
        <source>Conflict decision</source>
        <translation>Décision sur un conflit</translation>
    </message>
    <message>
        <source>Production line</source>
        <translation>Ligne de production</translation>
    </message>
    <message>
        <source>Equipment type</source>
        <translation>Type d’équipement</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <source>Site access</source>
        <translation>Accès au site</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>Pièce jointe</translation>
    </message>
    <message>
        <source>You are not allowed to make this change (any more).</source>
        <translation>Vous n’avez pas (ou plus) le droit de faire cette modification.</translation>
    </message>
    <message>
        <source>The item no longer exists on the server.</source>
        <translation>L’élément n’existe plus sur le serveur.</translation>
    </message>
    <message>
        <source>The item was changed in the meantime: this change is no longer possible.</source>
        <translation>L’élément a été modifié entre-temps&#xa0;: cette modification n’est plus possible.</translation>
    </message>
    <message>
        <source>A value you entered is already used by another item.</source>
        <translation>Une valeur saisie est déjà utilisée par un autre élément.</translation>
    </message>
    <message>
        <source>Some information is missing or incorrect.</source>
        <translation>Des informations manquent ou sont incorrectes.</translation>
    </message>
    <message>
        <source>The change clashes with data already on the server.</source>
        <translation>La modification se heurte à des données déjà présentes sur le serveur.</translation>
    </message>
    <message>
        <source>The server failed to process this change (an error on the server). Show it to your administrator.</source>
        <translation>Le serveur n’a pas pu traiter cette modification (une erreur du serveur). Montrez-la à votre administrateur.</translation>
    </message>
    <message>
        <source>Another account already sent a change with the same identifier.</source>
        <translation>Un autre compte a déjà envoyé une modification avec le même identifiant.</translation>
    </message>
    <message>
        <source>The server does not know this kind of change (versions differ).</source>
        <translation>Le serveur ne connaît pas ce type de modification (versions différentes).</translation>
    </message>
    <message>
        <source>The change was refused ({code}).</source>
        <translation>La modification a été refusée ({code}).</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Nom complet</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Account status</source>
        <translation>État du compte</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>Légende</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Equipment</source>
        <translation>Équipement</translation>
    </message>
    <message>
        <source>Identifier</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <source>Already used</source>
        <translation>Déjà utilisé</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Non</translation>
    </message>
</context>
<context>
    <name>SyncIssuesPage</name>
    <message>
        <source>Sync issues</source>
        <translation>Synchro&#xa0;: à vérifier</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>Copié dans le presse-papiers.</translation>
    </message>
    <message>
        <source>Decision recorded. It is sent to the server with your other changes.</source>
        <translation>Décision enregistrée. Elle part vers le serveur avec vos autres modifications.</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Faite le</translation>
    </message>
    <message>
        <source>Refused by the server</source>
        <translation>Refusée par le serveur le</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Server&apos;s message</source>
        <translation>Message du serveur</translation>
    </message>
    <message>
        <source>Changes you made on this computer that the server refused. Nothing you entered is lost: each one is kept here with its details, so that you can redo it correctly or pass it on.</source>
        <translation>Les modifications faites sur cet ordinateur que le serveur a refusées. Rien de ce que vous avez saisi n’est perdu&#xa0;: chacune est conservée ici avec son détail, pour la refaire correctement ou la transmettre.</translation>
    </message>
    <message>
        <source>Changes refused by the server</source>
        <translation>Modifications refusées par le serveur</translation>
    </message>
    <message>
        <source>Show dismissed</source>
        <translation>Afficher celles déjà vues</translation>
    </message>
    <message>
        <source>Nothing to review: the server accepted every change sent from here.</source>
        <translation>Rien à vérifier&#xa0;: le serveur a accepté toutes les modifications envoyées d’ici.</translation>
    </message>
    <message>
        <source>Conflicts to decide</source>
        <translation>Conflits à trancher</translation>
    </message>
    <message>
        <source>Two people changed the same field without seeing each other&apos;s change. The most recent one was applied; the other value is kept here so that someone who may edit the item can choose.</source>
        <translation>Deux personnes ont modifié le même champ sans voir la modification de l’autre. La plus récente a été appliquée&#xa0;; l’autre valeur est gardée ici pour qu’une personne habilitée à modifier l’élément choisisse.</translation>
    </message>
    <message>
        <source>No conflict to decide.</source>
        <translation>Aucun conflit à trancher.</translation>
    </message>
</context>
</TS>
