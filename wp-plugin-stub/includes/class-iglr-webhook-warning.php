<?php
/**
 * Telling the admin that the relay's webhooks are refused.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * While Iglr_Webhook_Reachability finds the relay's webhooks refused, the
 * settings page shows a warning and Site Health a critical issue, both with
 * the same facts: how the relay's attempts were answered, what still works
 * (sign-ins, claimed), what does not (token refreshes, Instagram's
 * deauthorization and data-deletion notices, which only a webhook brings)
 * and exactly what to allow. When webhooks have instead gone quiet while
 * shoppers come back from Instagram (Iglr_Webhook_Silence), the same Site
 * Health test recommends what to check. Site Health reads only what is
 * stored here: it never waits for the relay.
 */
class Iglr_Webhook_Warning {

	/** Markup the warning's paragraphs may hold; everything else in them is escaped. */
	const ALLOWED_HTML = array(
		'code'   => array(),
		'strong' => array(),
	);

	/**
	 * Settings.
	 *
	 * @var Iglr_Settings
	 */
	private $settings;

	/**
	 * Whether webhooks reach this site.
	 *
	 * @var Iglr_Webhook_Reachability
	 */
	private $reachability;

	/**
	 * Whether webhooks have gone quiet while sign-ins come back.
	 *
	 * @var Iglr_Webhook_Silence
	 */
	private $silence;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Settings             $settings     Settings.
	 * @param Iglr_Webhook_Reachability $reachability Whether webhooks reach this site.
	 * @param Iglr_Webhook_Silence|null $silence      Whether webhooks have gone quiet while sign-ins come back;
	 *                                                by default, judged against the same reachability.
	 */
	public function __construct( Iglr_Settings $settings, Iglr_Webhook_Reachability $reachability, $silence = null ) {
		$this->settings     = $settings;
		$this->reachability = $reachability;
		$this->silence      = $silence instanceof Iglr_Webhook_Silence ? $silence : new Iglr_Webhook_Silence( $reachability, new Iglr_Pending_Sign_Ins() );
	}

	/**
	 * The settings page's warning. What the relay just reported is kept first,
	 * so Site Health can show it without calling the relay.
	 *
	 * @param array|null $status GET /v1/store, or null when the relay did not answer.
	 */
	public function render_notice( $status ) {
		if ( is_array( $status ) ) {
			$this->reachability->remember_relay_report( $status );
		}
		if ( ! $this->reachability->is_blocked() ) {
			return;
		}
		echo '<div class="notice notice-warning iglr-webhooks-refused">';
		printf( '<p><strong>%s</strong></p>', esc_html__( 'Webhooks from the Instagram sign-in relay are being refused before they reach this site.', 'ig-login-relay' ) );
		foreach ( $this->paragraphs() as $paragraph ) {
			echo '<p>' . wp_kses( $paragraph, self::ALLOWED_HTML ) . '</p>';
		}
		echo '</div>';
	}

	/**
	 * Adds the test to Site Health (site_status_tests), once the relay connection is set.
	 *
	 * @param array $tests Tests by kind (direct, async).
	 * @return array
	 */
	public function add_site_health_test( $tests ) {
		if ( ! is_array( $tests ) || ! $this->settings->is_configured() ) {
			return $tests;
		}
		$tests['direct'][ Iglr_Keys::SITE_HEALTH_WEBHOOKS ] = array(
			'label' => __( 'Instagram sign-in webhooks', 'ig-login-relay' ),
			'test'  => array( $this, 'site_health_result' ),
		);
		return $tests;
	}

	/**
	 * The Site Health test: from what is stored, never a call to the relay.
	 * Critical while webhooks are refused (sign-ins claimed instead);
	 * recommended while they have gone quiet as sign-ins come back.
	 *
	 * @return array label, status, badge, description, actions, test.
	 */
	public function site_health_result() {
		$blocked = $this->reachability->is_blocked();
		$silent  = ! $blocked && $this->silence->is_silent();
		$status  = 'good';
		if ( $blocked ) {
			// Critical: Instagram's data-deletion notices, which the store must act on, cannot arrive.
			$status      = 'critical';
			$label       = __( 'Instagram sign-in webhooks are being refused', 'ig-login-relay' );
			$description = $this->paragraphs();
		} elseif ( $silent ) {
			// Recommended, not critical: anyone can start a sign-in and come back with a made-up login id.
			$status      = 'recommended';
			$label       = __( 'No webhook from the Instagram sign-in relay while shoppers sign in', 'ig-login-relay' );
			$description = $this->silence_paragraphs();
		} else {
			$label       = __( 'Instagram sign-in webhooks reach this site', 'ig-login-relay' );
			$description = array( esc_html__( 'The Instagram sign-in relay delivers sign-ins, token refreshes and Instagram\'s deauthorization and data-deletion notices to this site by webhook.', 'ig-login-relay' ) );
			$state       = $this->reachability->state();
			if ( $state['webhook_at'] > 0 ) {
				/* translators: %s: date and time. */
				$description[] = esc_html( sprintf( __( 'The last webhook arrived on %s.', 'ig-login-relay' ), self::when( $state['webhook_at'] ) ) );
			}
		}
		$colors = array(
			'good'        => 'blue',
			'recommended' => 'orange',
			'critical'    => 'red',
		);
		return array(
			'label'       => $label,
			'status'      => $status,
			'badge'       => array(
				'label' => __( 'Instagram sign-in', 'ig-login-relay' ),
				'color' => $colors[ $status ],
			),
			'description' => '<p>' . implode( '</p><p>', array_map( array( __CLASS__, 'kses' ), $description ) ) . '</p>',
			'actions'     => sprintf( '<p><a href="%s">%s</a></p>', esc_url( Iglr_Urls::settings_url() ), esc_html__( 'Instagram sign-in settings', 'ig-login-relay' ) ),
			'test'        => Iglr_Keys::SITE_HEALTH_WEBHOOKS,
		);
	}

	/**
	 * The facts and what to allow, as escaped HTML paragraphs.
	 *
	 * @return string[]
	 */
	private function paragraphs() {
		$state      = $this->reachability->state();
		$paragraphs = array(
			esc_html(
				sprintf(
					/* translators: 1: number of sign-ins, 2: date and time of the first. */
					_n(
						'%1$d sign-in since %2$s came back before its webhook, and no webhook has arrived since: it was fetched from the relay instead.',
						'%1$d sign-ins since %2$s came back before their webhooks, and no webhook has arrived since: they were fetched from the relay instead.',
						$state['claims'],
						'ig-login-relay'
					),
					$state['claims'],
					self::when( $state['first_claim_at'] )
				)
			),
		);

		$refusal = self::describe_refusal( $state['refusal_status'], $state['refusal_error'] );
		if ( '' !== $refusal ) {
			/* translators: %s: how the site answered, e.g. "HTTP 403". */
			$paragraphs[] = sprintf( esc_html__( 'The relay\'s latest webhook attempt got: %s.', 'ig-login-relay' ), '<strong>' . esc_html( $refusal ) . '</strong>' );
		}
		$paragraphs[] = esc_html__( 'Sign-ins still complete: when a shopper comes back, this site fetches their sign-in from the relay. But token refreshes of the store\'s Instagram account and Instagram\'s deauthorization and data-deletion notices can only arrive by webhook, so they are not reaching this site.', 'ig-login-relay' );
		$url          = '<code>' . esc_html( Iglr_Urls::webhook_url() ) . '</code>';
		if ( '' !== $state['user_agent'] ) {
			$paragraphs[] = sprintf(
				/* translators: 1: this site's webhook URL, 2: the User-Agent of the relay's webhooks. */
				esc_html__( 'In whatever refuses them (a firewall, your host\'s bot protection, a security plugin, basic authentication or maintenance mode), allow POST requests to %1$s with the User-Agent %2$s.', 'ig-login-relay' ),
				$url,
				'<code>' . esc_html( $state['user_agent'] ) . '</code>'
			);
		} else {
			$paragraphs[] = sprintf(
				/* translators: %s: this site's webhook URL. */
				esc_html__( 'In whatever refuses them (a firewall, your host\'s bot protection, a security plugin, basic authentication or maintenance mode), allow POST requests from the relay to %s.', 'ig-login-relay' ),
				$url
			);
		}
		$paragraphs[] = esc_html__( 'This warning goes away as soon as a webhook gets through again (the next sign-in, or the relay\'s next retry of a token refresh or notice).', 'ig-login-relay' );
		return $paragraphs;
	}

	/**
	 * What went quiet and what to check, as escaped HTML paragraphs.
	 *
	 * @return string[]
	 */
	private function silence_paragraphs() {
		$quiet      = $this->silence->state();
		$webhook_at = $this->reachability->state()['webhook_at'];
		$paragraphs = array(
			esc_html(
				sprintf(
					/* translators: 1: number of times, 2: date and time. */
					_n(
						'A shopper came back from a sign-in Instagram had approved %1$d time since %2$s, but the relay\'s webhook for it did not arrive.',
						'Shoppers came back from sign-ins Instagram had approved %1$d times since %2$s, but the relay\'s webhooks for them did not arrive.',
						$quiet['returns'],
						'ig-login-relay'
					),
					$quiet['returns'],
					self::when( $quiet['first_return_at'] )
				)
			),
			$webhook_at > 0
				/* translators: %s: date and time. */
				? esc_html( sprintf( __( 'The last webhook from the relay arrived on %s.', 'ig-login-relay' ), self::when( $webhook_at ) ) )
				: esc_html__( 'No webhook from the relay has ever arrived.', 'ig-login-relay' ),
			esc_html__( 'Each sign-in reaches this site by webhook (or, when its webhook is late, is fetched from the relay). Without them shoppers cannot finish signing in with Instagram, and token refreshes of the store\'s Instagram account and Instagram\'s deauthorization and data-deletion notices do not reach this site either.', 'ig-login-relay' ),
			sprintf(
				/* translators: %s: this site's webhook URL. */
				esc_html__( 'Click "Test connection" on the settings page. Check with the relay\'s operator that this site\'s webhook URL is %s, and that nothing in front of this site (a firewall, your host\'s bot protection, a security plugin, basic authentication or maintenance mode) refuses POST requests to it.', 'ig-login-relay' ),
				'<code>' . esc_html( Iglr_Urls::webhook_url() ) . '</code>'
			),
		);
		return $paragraphs;
	}

	/**
	 * How the site answered the relay's webhook: "HTTP 403" when it answered
	 * (the relay's error text then only repeats the status), else the relay's
	 * error (a timeout, a refused connection).
	 *
	 * @param int    $status HTTP status, 0 when none.
	 * @param string $error  The relay's error text, '' when none.
	 * @return string '' when nothing is known.
	 */
	private static function describe_refusal( $status, $error ) {
		/* translators: %d: HTTP status code. */
		return $status > 0 ? sprintf( __( 'HTTP %d', 'ig-login-relay' ), $status ) : $error;
	}

	/**
	 * A date and time in the site's format.
	 *
	 * @param int $timestamp Unix seconds.
	 * @return string
	 */
	private static function when( $timestamp ) {
		return (string) wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $timestamp );
	}

	/**
	 * Keeps only the warning's own markup.
	 *
	 * @param string $html Escaped HTML.
	 * @return string
	 */
	private static function kses( $html ) {
		return wp_kses( $html, self::ALLOWED_HTML );
	}
}
