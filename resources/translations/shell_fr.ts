<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AccountFields</name>
    <message>
        <source>Enter your e-mail address.</source>
        <translation>Saisissez votre adresse e-mail.</translation>
    </message>
    <message>
        <source>This does not look like an e-mail address (name@company.com).</source>
        <translation>Ceci ne ressemble pas à une adresse e-mail (nom@entreprise.fr).</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Saisissez votre mot de passe.</translation>
    </message>
    <message>
        <source>This e-mail address is not valid.</source>
        <translation>Cette adresse e-mail n’est pas valide.</translation>
    </message>
    <message>
        <source>Enter the first and last name.</source>
        <translation>Saisissez le prénom et le nom.</translation>
    </message>
    <message>
        <source>The name is too long (200 characters at most).</source>
        <translation>Le nom est trop long (200 caractères au maximum).</translation>
    </message>
    <message>
        <source>At least {count} characters, mixing letters and digits or symbols.</source>
        <translation>Au moins {count} caractères, en mêlant lettres et chiffres ou symboles.</translation>
    </message>
    <message>
        <source>Too short: at least {count} characters.</source>
        <translation>Trop court&#xa0;: au moins {count} caractères.</translation>
    </message>
    <message>
        <source>Mix letters with digits or symbols.</source>
        <translation>Mêlez des lettres à des chiffres ou des symboles.</translation>
    </message>
    <message>
        <source>Type the password again.</source>
        <translation>Saisissez à nouveau le mot de passe.</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Les deux mots de passe ne correspondent pas.</translation>
    </message>
</context>
<context>
    <name>AccountStatus</name>
    <message>
        <source>Pending approval</source>
        <translation>En attente d’approbation</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Actif</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Désactivé</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Refusé</translation>
    </message>
</context>
<context>
    <name>ApproveDialog</name>
    <message>
        <source>Approve an account</source>
        <translation>Approuver un compte</translation>
    </message>
    <message>
        <source>Approve the account of {name} ({email})? They can log in on this computer at once, and on the others after synchronisation.</source>
        <translation>Approuver le compte de {name} ({email})&#xa0;? Cette personne pourra se connecter tout de suite sur cet ordinateur, et sur les autres après synchronisation.</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>&amp;Rôle</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approuver</translation>
    </message>
</context>
<context>
    <name>ChangeRoleDialog</name>
    <message>
        <source>Change the role</source>
        <translation>Changer le rôle</translation>
    </message>
    <message>
        <source>The role decides what {name} may see and do.</source>
        <translation>Le rôle détermine ce que {name} peut voir et faire.</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>&amp;Rôle</translation>
    </message>
</context>
<context>
    <name>DemoAccountsPanel</name>
    <message>
        <source>{role} (pending)</source>
        <translation>{role} (en attente)</translation>
    </message>
    <message>
        <source>{name}: account waiting for approval</source>
        <translation>{name}&#xa0;: compte en attente d’approbation</translation>
    </message>
    <message>
        <source>Demo accounts</source>
        <translation>Comptes de démonstration</translation>
    </message>
    <message>
        <source>This computer holds the demo plant. Click an account to fill in the form, then log in: each role sees the application differently.</source>
        <translation>Ce poste contient l’usine de démonstration. Cliquez sur un compte pour remplir le formulaire, puis connectez-vous&#xa0;: chaque rôle voit l’application différemment.</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
</context>
<context>
    <name>FirstRunPage</name>
    <message>
        <source>This e-mail address is not valid.</source>
        <translation>Cette adresse e-mail n’est pas valide.</translation>
    </message>
    <message>
        <source>Loading the demo plant… This takes a few seconds.</source>
        <translation>Chargement de l’usine de démonstration… Cela prend quelques secondes.</translation>
    </message>
    <message>
        <source>The demo plant could not be loaded: {detail}</source>
        <translation>Impossible de charger l’usine de démonstration&#xa0;: {detail}</translation>
    </message>
    <message>
        <source>Set up this computer</source>
        <translation>Configurer ce poste</translation>
    </message>
    <message>
        <source>No account exists yet. Create the administrator account: it approves the other accounts and manages their access.</source>
        <translation>Aucun compte n’existe encore. Créez le compte administrateur&#xa0;: il approuve les autres comptes et gère leurs accès.</translation>
    </message>
    <message>
        <source>&amp;Full name</source>
        <translation>&amp;Nom complet</translation>
    </message>
    <message>
        <source>&amp;E-mail address</source>
        <translation>&amp;Adresse e-mail</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Mot de passe</translation>
    </message>
    <message>
        <source>&amp;Confirm the password</source>
        <translation>&amp;Confirmer le mot de passe</translation>
    </message>
    <message>
        <source>First and last name</source>
        <translation>Prénom et nom</translation>
    </message>
    <message>
        <source>name@company.com</source>
        <translation>nom@entreprise.fr</translation>
    </message>
    <message>
        <source>Create the administrator account</source>
        <translation>Créer le compte administrateur</translation>
    </message>
    <message>
        <source>or</source>
        <translation>ou</translation>
    </message>
    <message>
        <source>Discover with a demo plant</source>
        <translation>Découvrir avec une usine de démonstration</translation>
    </message>
    <message>
        <source>Fills this computer with a fictitious plant (sites, lines, equipment, history) and ready-made accounts for each role. For training and evaluation only: do not enter real data in it.</source>
        <translation>Remplit ce poste avec une usine fictive (sites, lignes, équipements, historique) et des comptes prêts à l’emploi pour chaque rôle. Pour la formation et l’évaluation uniquement&#xa0;: n’y saisissez pas de données réelles.</translation>
    </message>
    <message>
        <source>Load the demo plant</source>
        <translation>Charger l’usine de démonstration</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Your account request has been sent. You can log in as soon as an administrator approves it.</source>
        <translation>Votre demande de compte a été envoyée. Vous pourrez vous connecter dès qu’un administrateur l’aura approuvée.</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>Works without a network: your account is checked on this computer.</source>
        <translation>Fonctionne sans réseau&#xa0;: votre compte est vérifié sur ce poste.</translation>
    </message>
    <message>
        <source>Log in</source>
        <comment>page title</comment>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>&amp;E-mail address</source>
        <translation>&amp;Adresse e-mail</translation>
    </message>
    <message>
        <source>name@company.com</source>
        <translation>nom@entreprise.fr</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Mot de passe</translation>
    </message>
    <message>
        <source>No account yet?</source>
        <translation>Pas encore de compte&#xa0;?</translation>
    </message>
    <message>
        <source>Create an account</source>
        <translation>Créer un compte</translation>
    </message>
</context>
<context>
    <name>LoginRefusal</name>
    <message>
        <source>Your account is waiting for an administrator&apos;s approval. You can log in once it is approved.</source>
        <translation>Votre compte attend l’approbation d’un administrateur. Vous pourrez vous connecter dès qu’il sera approuvé.</translation>
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
        <source>Wrong e-mail address or password.</source>
        <translation>Adresse e-mail ou mot de passe incorrect.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Your session with the server has ended: enter your password again.</source>
        <translation>Votre session sur le serveur a pris fin&#xa0;: saisissez à nouveau votre mot de passe.</translation>
    </message>
    <message>
        <source>About</source>
        <translation>À propos</translation>
    </message>
    <message>
        <source>&lt;h3&gt;CMMS {version}&lt;/h3&gt;&lt;p&gt;Maintenance management that keeps working without a network: equipment, work orders, spare parts.&lt;/p&gt;&lt;p&gt;Local data: {path}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;GMAO {version}&lt;/h3&gt;&lt;p&gt;La gestion de maintenance qui continue de fonctionner sans réseau&#xa0;: équipements, ordres de travail, pièces de rechange.&lt;/p&gt;&lt;p&gt;Données locales&#xa0;: {path}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>CMMS</source>
        <translation>GMAO</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Synchroniser maintenant</translation>
    </message>
    <message>
        <source>Synchronisation &amp;server…</source>
        <translation>&amp;Serveur de synchronisation…</translation>
    </message>
    <message>
        <source>Log &amp;out</source>
        <translation>Se &amp;déconnecter</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>À &amp;propos</translation>
    </message>
</context>
<context>
    <name>MutationError</name>
    <message>
        <source>You are not allowed to make this change.</source>
        <translation>Vous n’avez pas le droit d’effectuer cette modification.</translation>
    </message>
    <message>
        <source>This item no longer exists. The list has been refreshed.</source>
        <translation>Cet élément n’existe plus. La liste a été actualisée.</translation>
    </message>
    <message>
        <source>This change is no longer possible: the item was changed in the meantime.</source>
        <translation>Cette modification n’est plus possible&#xa0;: l’élément a été modifié entre-temps.</translation>
    </message>
    <message>
        <source>This value is already in use.</source>
        <translation>Cette valeur est déjà utilisée.</translation>
    </message>
    <message>
        <source>Some information is missing or incorrect.</source>
        <translation>Des informations sont manquantes ou incorrectes.</translation>
    </message>
    <message>
        <source>The change was refused ({code}).</source>
        <translation>La modification a été refusée ({code}).</translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <source>An account already exists with this e-mail address.</source>
        <translation>Un compte existe déjà avec cette adresse e-mail.</translation>
    </message>
    <message>
        <source>This e-mail address is not valid.</source>
        <translation>Cette adresse e-mail n’est pas valide.</translation>
    </message>
    <message>
        <source>Request an account</source>
        <translation>Demander un compte</translation>
    </message>
    <message>
        <source>An administrator will review your request. You can log in once it is approved; until then the account stays pending.</source>
        <translation>Un administrateur va examiner votre demande. Vous pourrez vous connecter une fois qu’elle sera approuvée&#xa0;; d’ici là, le compte reste en attente.</translation>
    </message>
    <message>
        <source>&amp;Full name</source>
        <translation>&amp;Nom complet</translation>
    </message>
    <message>
        <source>&amp;E-mail address</source>
        <translation>&amp;Adresse e-mail</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>&amp;Rôle</translation>
    </message>
    <message>
        <source>The administrator may change it when approving.</source>
        <translation>L’administrateur pourra le modifier en approuvant la demande.</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Mot de passe</translation>
    </message>
    <message>
        <source>&amp;Confirm</source>
        <translation>&amp;Confirmation</translation>
    </message>
    <message>
        <source>First and last name</source>
        <translation>Prénom et nom</translation>
    </message>
    <message>
        <source>name@company.com</source>
        <translation>nom@entreprise.fr</translation>
    </message>
    <message>
        <source>Send the request</source>
        <translation>Envoyer la demande</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>Administrator</source>
        <translation>Administrateur</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Responsable maintenance</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Technicien</translation>
    </message>
    <message>
        <source>Storekeeper</source>
        <translation>Magasinier</translation>
    </message>
</context>
<context>
    <name>ShellStatusBar</name>
    <message>
        <source>{name} — {role}</source>
        <translation>{name} — {role}</translation>
    </message>
    <message>
        <source>All sites</source>
        <translation>Tous les sites</translation>
    </message>
    <message>
        <source>No site granted yet</source>
        <translation>Aucun site attribué pour l’instant</translation>
    </message>
    <message>
        <source>Sites: {names}</source>
        <translation>Sites&#xa0;: {names}</translation>
    </message>
    <message>
        <source>Offline — local replica</source>
        <translation>Hors ligne — copie locale</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <source>Synchronising…</source>
        <translation>Synchronisation…</translation>
    </message>
    <message>
        <source>Synchronisation error</source>
        <translation>Erreur de synchronisation</translation>
    </message>
    <message>
        <source>Local changes to send: {count}</source>
        <translation>Modifications locales à envoyer&#xa0;: {count}</translation>
    </message>
    <message>
        <source>Changes made on this computer that the server has not acknowledged yet. They are kept safely until then.</source>
        <translation>Modifications faites sur ce poste dont le serveur n’a pas encore accusé réception. Elles sont conservées en sécurité d’ici là.</translation>
    </message>
    <message>
        <source>Synchronised at {time}</source>
        <translation>Synchronisé à {time}</translation>
    </message>
    <message>
        <source>Synchronised on {date} at {time}</source>
        <translation>Synchronisé le {date} à {time}</translation>
    </message>
    <message>
        <source>Last successful synchronisation with the server: {when}</source>
        <translation>Dernière synchronisation réussie avec le serveur&#xa0;: {when}</translation>
    </message>
    <message>
        <source>To review: {count}</source>
        <translation>À vérifier&#xa0;: {count}</translation>
    </message>
    <message>
        <source>Changes the server refused, or conflicts to decide: open the Sync issues page.</source>
        <translation>Modifications refusées par le serveur ou conflits à trancher&#xa0;: ouvrir la page «&#xa0;Synchronisation&#xa0;: à vérifier&#xa0;».</translation>
    </message>
</context>
<context>
    <name>SiteAccessDialog</name>
    <message>
        <source>Site access</source>
        <translation>Accès aux sites</translation>
    </message>
    <message>
        <source>{name} sees and works on the equipment, work orders and stock of the ticked sites only.</source>
        <translation>{name} ne voit et ne traite que les équipements, ordres de travail et stocks des sites cochés.</translation>
    </message>
    <message>
        <source>No site exists yet.</source>
        <translation>Aucun site n’existe encore.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>The local data on this computer was written by a newer version of the application (format {found}; this version reads up to format {supported}). Install the newer version to use it.</source>
        <translation>Les données locales de ce poste ont été écrites par une version plus récente de l’application (format {found}&#xa0;; cette version lit jusqu’au format {supported}). Installez la version plus récente pour les utiliser.</translation>
    </message>
    <message>
        <source>The local data file cannot be read: it is damaged, or it is not a data file of this application.</source>
        <translation>Le fichier de données locales est illisible&#xa0;: il est endommagé, ou ce n’est pas un fichier de données de cette application.</translation>
    </message>
    <message>
        <source>The local data file cannot be opened.</source>
        <translation>Impossible d’ouvrir le fichier de données locales.</translation>
    </message>
    <message>
        <source>The file has not been modified. Keep it: it may hold changes not yet sent to the server. Show this message to your administrator.</source>
        <translation>Le fichier n’a pas été modifié. Conservez-le&#xa0;: il peut contenir des modifications pas encore envoyées au serveur. Montrez ce message à votre administrateur.</translation>
    </message>
    <message>
        <source>File: {path}</source>
        <translation>Fichier&#xa0;: {path}</translation>
    </message>
    <message>
        <source>Details: {detail}</source>
        <translation>Détails&#xa0;: {detail}</translation>
    </message>
    <message>
        <source>The application cannot start</source>
        <translation>L’application ne peut pas démarrer</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>No secure credential store on this computer: you will be asked for your password at each sync session.</source>
        <translation>Aucun coffre sécurisé pour les identifiants sur cet ordinateur&#xa0;: votre mot de passe vous sera demandé à chaque session de synchronisation.</translation>
    </message>
    <message>
        <source>No synchronisation server is set: File → Synchronisation server…</source>
        <translation>Aucun serveur de synchronisation n’est configuré&#xa0;: Fichier → Serveur de synchronisation…</translation>
    </message>
    <message>
        <source>Not synchronised yet in this session.</source>
        <translation>Pas encore synchronisé pendant cette session.</translation>
    </message>
    <message>
        <source>Synchronised with {server}.</source>
        <translation>Synchronisé avec {server}.</translation>
    </message>
    <message>
        <source>The server cannot be reached. Your changes are kept on this computer and will be sent later.</source>
        <translation>Le serveur est injoignable. Vos modifications sont conservées sur cet ordinateur et seront envoyées plus tard.</translation>
    </message>
    <message>
        <source>Not connected to the server: click here to enter your password.</source>
        <translation>Non connecté au serveur&#xa0;: cliquez ici pour saisir votre mot de passe.</translation>
    </message>
    <message>
        <source>The server needs a newer version of this application. Your changes are kept on this computer.</source>
        <translation>Le serveur exige une version plus récente de l’application. Vos modifications sont conservées sur cet ordinateur.</translation>
    </message>
    <message>
        <source>The synchronisation failed: {detail}</source>
        <translation>La synchronisation a échoué&#xa0;: {detail}</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>Users</source>
        <translation>Utilisateurs</translation>
    </message>
    <message>
        <source>Administrators work on every site.</source>
        <translation>Les administrateurs interviennent sur tous les sites.</translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation>Vous ne pouvez pas désactiver votre propre compte.</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Réactiver</translation>
    </message>
    <message>
        <source>Disable…</source>
        <translation>Désactiver…</translation>
    </message>
    <message>
        <source>Reject the request</source>
        <translation>Refuser la demande</translation>
    </message>
    <message>
        <source>Reject the account request of {name} ({email})? They will not be able to log in.</source>
        <translation>Refuser la demande de compte de {name} ({email})&#xa0;? Cette personne ne pourra pas se connecter.</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Refuser</translation>
    </message>
    <message>
        <source>Disable the account</source>
        <translation>Désactiver le compte</translation>
    </message>
    <message>
        <source>Disable the account of {name}? They will no longer be able to log in. Their work stays in the history, and you can enable the account again.</source>
        <translation>Désactiver le compte de {name}&#xa0;? Cette personne ne pourra plus se connecter. Son travail reste dans l’historique, et vous pourrez réactiver le compte.</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Désactiver</translation>
    </message>
    <message>
        <source>{name} can now log in as {role}.</source>
        <translation>{name} peut maintenant se connecter, avec le rôle «&#xa0;{role}&#xa0;».</translation>
    </message>
    <message>
        <source>The request of {name} was rejected.</source>
        <translation>La demande de {name} a été refusée.</translation>
    </message>
    <message>
        <source>{name} is now {role}.</source>
        <translation>{name} a maintenant le rôle «&#xa0;{role}&#xa0;».</translation>
    </message>
    <message>
        <source>{name} can log in again.</source>
        <translation>{name} peut de nouveau se connecter.</translation>
    </message>
    <message>
        <source>{name} can no longer log in.</source>
        <translation>{name} ne peut plus se connecter.</translation>
    </message>
    <message>
        <source>Site access of {name} saved.</source>
        <translation>Accès aux sites de {name} enregistrés.</translation>
    </message>
    <message>
        <source>You cannot remove your own administrator rights or disable your own account.</source>
        <translation>Vous ne pouvez ni retirer vos propres droits d’administrateur, ni désactiver votre propre compte.</translation>
    </message>
    <message>
        <source>Account requests waiting for your decision: {count}.</source>
        <translation>Demandes de compte en attente de votre décision&#xa0;: {count}.</translation>
    </message>
    <message>
        <source>No account matches this filter.</source>
        <translation>Aucun compte ne correspond à ce filtre.</translation>
    </message>
    <message>
        <source>Approve account requests, set each person&apos;s role and the sites they work on.</source>
        <translation>Approuvez les demandes de compte, attribuez à chacun son rôle et ses sites d’intervention.</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Afficher&#xa0;:</translation>
    </message>
    <message>
        <source>All accounts</source>
        <translation>Tous les comptes</translation>
    </message>
    <message>
        <source>Search by name or e-mail</source>
        <translation>Rechercher par nom ou e-mail</translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation>Approuver…</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>Refuser…</translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation>Changer le rôle…</translation>
    </message>
    <message>
        <source>Site access…</source>
        <translation>Accès aux sites…</translation>
    </message>
</context>
<context>
    <name>UsersTableModel</name>
    <message>
        <source>All sites</source>
        <translation>Tous les sites</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>Sites</translation>
    </message>
</context>
<context>
    <name>WelcomeWindow</name>
    <message>
        <source>The demo plant is ready. Pick an account on the right to log in.</source>
        <translation>L’usine de démonstration est prête. Choisissez un compte à droite pour vous connecter.</translation>
    </message>
    <message>
        <source>CMMS</source>
        <translation>GMAO</translation>
    </message>
    <message>
        <source>Setting up</source>
        <translation>Mise en service</translation>
    </message>
    <message>
        <source>Log in</source>
        <comment>window title</comment>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>Maintenance management</source>
        <translation>Gestion de la maintenance</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
    <message>
        <source>Local data: {path}</source>
        <translation>Données locales&#xa0;: {path}</translation>
    </message>
</context>
</TS>
